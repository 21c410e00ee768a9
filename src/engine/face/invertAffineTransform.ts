/**
 * Inverse of a 2×3 affine map, computed exactly as OpenCV's `warpAffine` does internally when
 * `WARP_INVERSE_MAP` is not set (`modules/imgproc/src/imgwarp.cpp`; same as `cv::invertAffineTransform`).
 * Following OpenCV's operation order matters for the fixed-point warp, which rounds these numbers.
 */
import type { Affine2x3 } from './coordinateSpaces';
import { affine2x3 } from './coordinateSpaces';

/**
 * @param m row-major `[a, b, c, d, e, f]` mapping `From → To`
 * @returns the map `To → From`; a singular `m` gives the zero matrix, as in OpenCV (`D = 0`)
 */
export function invertAffineTransform<From extends string, To extends string>(m: Affine2x3<From, To>): Affine2x3<To, From> {
  const det = m[0] * m[4] - m[1] * m[3];
  const invDet = det !== 0 ? 1 / det : 0;
  const a = m[4] * invDet;
  const b = -m[1] * invDet;
  const d = -m[3] * invDet;
  const e = m[0] * invDet;
  const c = -a * m[2] - b * m[5];
  const f = -d * m[2] - e * m[5];
  return affine2x3<To, From>([a, b, c, d, e, f]);
}
