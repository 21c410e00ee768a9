/**
 * Area-average downscaling of RGBA8 (each output pixel is the coverage-weighted mean of the input pixels it
 * covers), as used for gallery thumbnails. Pure, so thumbnails are identical in every browser and in Node.
 */
export interface Rgba8 {
  rgba: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** Output size that fits `maxSide` keeping the aspect ratio (never upscales). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const s = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

export function resizeArea(src: Rgba8, outW: number, outH: number): Rgba8 {
  const { width: w, height: h, rgba } = src;
  if (outW === w && outH === h) return { rgba: new Uint8ClampedArray(rgba), width: w, height: h };
  const out = new Uint8ClampedArray(outW * outH * 4);
  const sx = w / outW;
  const sy = h / outH;
  const acc = new Float64Array(4);
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      acc.fill(0);
      let area = 0;
      for (let y = Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
          const wgt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const i = (y * w + x) * 4;
          acc[0] += rgba[i] * wgt;
          acc[1] += rgba[i + 1] * wgt;
          acc[2] += rgba[i + 2] * wgt;
          acc[3] += rgba[i + 3] * wgt;
          area += wgt;
        }
      }
      const o = (oy * outW + ox) * 4;
      for (let c = 0; c < 4; c++) out[o + c] = Math.round(acc[c] / area);
    }
  }
  return { rgba: out, width: outW, height: outH };
}
