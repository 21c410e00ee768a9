/**
 * Exact (floating-point) bilinear affine warp with OpenCV `cv2.warpAffine` conventions
 * (`INTER_LINEAR`, `BORDER_CONSTANT`, `borderValue = 0`): matches `skimage.transform.warp(image,
 * inverse_map, order=1)` with OpenCV's border handling — a sample whose 2×2 neighbourhood is partly
 * outside blends with zeros. Use {@link warpAffineBilinearU8} to reproduce OpenCV's 8-bit output exactly.
 */
import type { Affine2x3 } from './coordinateSpaces';
import { assertRaster, type ImageF32, type ImageU8 } from './imageRaster';
import { invertAffineTransform } from './invertAffineTransform';

/**
 * @param image source raster (any channel count; all channels warped alike, alpha included)
 * @param m maps source pixels → destination pixels (as `cv2.warpAffine`'s `M`); inverted internally
 * @param outWidth destination width in pixels
 * @param outHeight destination height in pixels
 * @returns float32 raster `[outHeight, outWidth, channels]`, 0..255 scale; 0 where the sample is
 *   entirely outside the source
 */
export function warpAffineBilinear<From extends string, To extends string>(
  image: ImageU8 | ImageF32,
  m: Affine2x3<From, To>,
  outWidth: number,
  outHeight: number,
): ImageF32 {
  assertRaster(image, 'warpAffineBilinear');
  assertOutputSize(outWidth, outHeight, 'warpAffineBilinear');
  const { data: src, width: w, height: h, channels: cn } = image;
  const inv = invertAffineTransform(m);
  const out = new Float32Array(outWidth * outHeight * cn);
  const rowStride = w * cn;

  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const sx = inv[0] * x + inv[1] * y + inv[2];
      const sy = inv[3] * x + inv[4] * y + inv[5];
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      // Entirely outside (or NaN from a singular matrix): leave the zero border value.
      if (!(x0 >= -1 && x0 < w && y0 >= -1 && y0 < h)) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
      const inX0 = x0 >= 0, inX1 = x0 + 1 < w, inY0 = y0 >= 0, inY1 = y0 + 1 < h;
      const p00 = y0 * rowStride + x0 * cn;
      const o = (y * outWidth + x) * cn;
      for (let k = 0; k < cn; k++) {
        let v = 0;
        if (inY0 && inX0) v += src[p00 + k] * w00;
        if (inY0 && inX1) v += src[p00 + cn + k] * w01;
        if (inY1 && inX0) v += src[p00 + rowStride + k] * w10;
        if (inY1 && inX1) v += src[p00 + rowStride + cn + k] * w11;
        out[o + k] = v;
      }
    }
  }
  return { data: out, width: outWidth, height: outHeight, channels: cn };
}

/** Throws unless the destination size is a pair of positive integers. */
export function assertOutputSize(outWidth: number, outHeight: number, what: string): void {
  if (!Number.isInteger(outWidth) || !Number.isInteger(outHeight) || outWidth <= 0 || outHeight <= 0) {
    throw new Error(`${what}: output size must be positive integers, got ${outWidth}x${outHeight}`);
  }
}
