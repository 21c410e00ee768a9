/**
 * @file Packs an interleaved 8-bit or float image into a `[1, H, W, 3]` float32 NHWC tensor with a per-channel
 * affine normalisation, the input layout of all three face-stack models (they keep TensorFlow's NHWC).
 */
import { assertRaster, type ImageF32, type ImageU8 } from '../face/imageRaster';

export interface NhwcNormalisation {
  /** Channel order written: 'rgb' keeps the image's order, 'bgr' swaps the first and third channel. */
  order: 'rgb' | 'bgr';
  /** Per output channel: value = (pixel − mean[c]) · scale[c]. */
  mean: readonly [number, number, number];
  scale: readonly [number, number, number];
}

/**
 * @param image RGB or RGBA raster (alpha ignored), 0..255 scale
 * @returns `[1, height, width, 3]` float32, row-major
 */
export function imageToNhwc(image: ImageU8 | ImageF32, norm: NhwcNormalisation): Float32Array {
  assertRaster(image, 'imageToNhwc');
  const { data, width, height, channels } = image;
  if (channels < 3) throw new Error(`imageToNhwc: need an RGB or RGBA image, got ${channels} channel(s)`);
  const n = width * height;
  const out = new Float32Array(n * 3);
  const src = norm.order === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = (data[i * channels + src[c]] - norm.mean[c]) * norm.scale[c];
  }
  return out;
}
