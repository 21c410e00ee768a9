/**
 * Bit-exact re-implementation of OpenCV 4.x `cv2.warpAffine(src_u8, M, dsize)` with the defaults
 * insightface `norm_crop` uses (`INTER_LINEAR`, `BORDER_CONSTANT`, `borderValue = 0`), following
 * `modules/imgproc/src/imgwarp.cpp` (`WarpAffineInvoker` + `remapBilinear` with `FixedPtCast`):
 * - source coordinates in fixed point with `AB_BITS = 10` fractional bits, rounded to
 *   1/32 pixel (`INTER_BITS = 5`, `INTER_TAB_SIZE = 32`);
 * - bilinear weights from a 32×32 table scaled to 15 bits (`INTER_REMAP_COEF_BITS = 15`);
 * - result `(Σ pixel·weight + 2^14) >> 15`, neighbours outside the image count as 0.
 * Verified equal to OpenCV 4.6.0 on every `fixtures/align` case.
 */
import type { Affine2x3 } from './coordinateSpaces';
import { assertRaster, type ImageU8 } from './imageRaster';
import { invertAffineTransform } from './invertAffineTransform';
import { assertOutputSize } from './warpAffineBilinear';

const AB_BITS = 10;
const AB_SCALE = 1 << AB_BITS;
const INTER_BITS = 5;
const INTER_TAB_SIZE = 1 << INTER_BITS;
/** Adds half a 1/32-pixel step before truncating to the interpolation grid (`AB_SCALE/INTER_TAB_SIZE/2`). */
const ROUND_DELTA = AB_SCALE / INTER_TAB_SIZE / 2;
const COEF_BITS = 15;
const COEF_HALF = 1 << (COEF_BITS - 1);
/** Weight unit: the 1/32-pixel fractions multiply to 1/1024, and 2^15 / 2^10 = 32. */
const WEIGHT_UNIT = (1 << COEF_BITS) / (INTER_TAB_SIZE * INTER_TAB_SIZE);
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const SHORT_MAX = 32767;
const SHORT_MIN = -32768;

/**
 * `saturate_cast<int>(double)`: `cvRound` (round half to even, the default FPU mode) then clamp.
 */
function saturateRoundToInt(v: number): number {
  let r = Math.round(v);
  if (r - v === 0.5 && r % 2 !== 0) r -= 1; // Math.round goes half-up; cvRound goes half-to-even
  if (Number.isNaN(r)) return 0; // OpenCV leaves this undefined; pick the out-of-image value
  return r > INT_MAX ? INT_MAX : r < INT_MIN ? INT_MIN : r;
}

function saturateShort(v: number): number {
  return v > SHORT_MAX ? SHORT_MAX : v < SHORT_MIN ? SHORT_MIN : v;
}

/**
 * @param image 8-bit source raster (any channel count; channels warped alike)
 * @param m maps source pixels → destination pixels (cv2 `M`); inverted internally as OpenCV does
 * @param outWidth destination width in pixels
 * @param outHeight destination height in pixels
 * @returns 8-bit raster `[outHeight, outWidth, channels]`, identical to `cv2.warpAffine`
 */
export function warpAffineBilinearU8<From extends string, To extends string>(
  image: ImageU8,
  m: Affine2x3<From, To>,
  outWidth: number,
  outHeight: number,
): ImageU8 {
  assertRaster(image, 'warpAffineBilinearU8');
  assertOutputSize(outWidth, outHeight, 'warpAffineBilinearU8');
  const { data: src, width: w, height: h, channels: cn } = image;
  const inv = invertAffineTransform(m);
  const out = new Uint8Array(outWidth * outHeight * cn);
  const rowStride = w * cn;

  // Per-column increments, rounded once per column as OpenCV does (adelta/bdelta).
  const aDelta = new Float64Array(outWidth);
  const bDelta = new Float64Array(outWidth);
  for (let x = 0; x < outWidth; x++) {
    aDelta[x] = saturateRoundToInt(inv[0] * x * AB_SCALE);
    bDelta[x] = saturateRoundToInt(inv[3] * x * AB_SCALE);
  }

  for (let y = 0; y < outHeight; y++) {
    const x0Row = saturateRoundToInt((inv[1] * y + inv[2]) * AB_SCALE) + ROUND_DELTA;
    const y0Row = saturateRoundToInt((inv[4] * y + inv[5]) * AB_SCALE) + ROUND_DELTA;
    for (let x = 0; x < outWidth; x++) {
      // Arithmetic shifts written as floor-divisions so that sums beyond int32 cannot wrap in JS.
      const X = Math.floor((x0Row + aDelta[x]) / (1 << (AB_BITS - INTER_BITS)));
      const Y = Math.floor((y0Row + bDelta[x]) / (1 << (AB_BITS - INTER_BITS)));
      const ixRaw = Math.floor(X / INTER_TAB_SIZE);
      const iyRaw = Math.floor(Y / INTER_TAB_SIZE);
      const fx = X - ixRaw * INTER_TAB_SIZE;
      const fy = Y - iyRaw * INTER_TAB_SIZE;
      const ix = saturateShort(ixRaw);
      const iy = saturateShort(iyRaw);
      if (ix >= w || ix + 1 < 0 || iy >= h || iy + 1 < 0) continue; // all four neighbours outside: border 0

      const w00 = (INTER_TAB_SIZE - fx) * (INTER_TAB_SIZE - fy) * WEIGHT_UNIT;
      const w01 = fx * (INTER_TAB_SIZE - fy) * WEIGHT_UNIT;
      const w10 = (INTER_TAB_SIZE - fx) * fy * WEIGHT_UNIT;
      const w11 = fx * fy * WEIGHT_UNIT;
      const inX0 = ix >= 0, inX1 = ix + 1 < w, inY0 = iy >= 0, inY1 = iy + 1 < h;
      const p00 = iy * rowStride + ix * cn;
      const o = (y * outWidth + x) * cn;
      for (let k = 0; k < cn; k++) {
        let v = 0;
        if (inY0 && inX0) v += src[p00 + k] * w00;
        if (inY0 && inX1) v += src[p00 + cn + k] * w01;
        if (inY1 && inX0) v += src[p00 + rowStride + k] * w10;
        if (inY1 && inX1) v += src[p00 + rowStride + cn + k] * w11;
        // Weights sum to 2^15 and pixels are ≤ 255, so v fits int32 and the result fits uint8.
        out[o + k] = (v + COEF_HALF) >> COEF_BITS;
      }
    }
  }
  return { data: out, width: outWidth, height: outHeight, channels: cn };
}
