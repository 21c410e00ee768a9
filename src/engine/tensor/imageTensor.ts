/** Conversions between RGBA8 pixels and float NCHW image tensors. */

/** RGBA8 → float32 [1, 3, H, W] RGB in [0, 1] (alpha dropped). */
export function rgbaToNchw01(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Float32Array {
  const plane = width * height;
  if (rgba.length !== plane * 4) throw new RangeError(`rgbaToNchw01: expected ${plane * 4} bytes for ${width}×${height}, got ${rgba.length}`);
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    out[i] = rgba[4 * i] / 255;
    out[plane + i] = rgba[4 * i + 1] / 255;
    out[2 * plane + i] = rgba[4 * i + 2] / 255;
  }
  return out;
}

/** float32 [1, 3, H, W] in [0, 1] → RGBA8 (opaque); values are clamped and rounded half up. */
export function nchw01ToRgba(t: Float32Array, width: number, height: number): Uint8ClampedArray {
  const plane = width * height;
  if (t.length !== plane * 3) throw new RangeError(`nchw01ToRgba: expected ${plane * 3} values for ${width}×${height}, got ${t.length}`);
  const out = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    out[4 * i] = Math.round(t[i] * 255);
    out[4 * i + 1] = Math.round(t[plane + i] * 255);
    out[4 * i + 2] = Math.round(t[2 * plane + i] * 255);
    out[4 * i + 3] = 255;
  }
  return out;
}
