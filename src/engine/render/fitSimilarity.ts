/**
 * Least-squares 2-D similarity (rotation + uniform scale + translation, no reflection) mapping src points
 * onto dst points — the closed form of Umeyama's method in 2-D (face-tooling.md §4), as insightface's
 * SimilarityTransform.estimate computes it for face alignment.
 */
import type { Point2 } from './arcFaceTemplate';

/** Row-major 2×3 affine [a, b, tx, c, d, ty]: x' = a·x + b·y + tx, y' = c·x + d·y + ty. */
export type Affine2 = readonly [number, number, number, number, number, number];

export const IDENTITY_AFFINE: Affine2 = [1, 0, 0, 0, 1, 0];

export function fitSimilarity(src: readonly Point2[], dst: readonly Point2[]): Affine2 {
  if (src.length !== dst.length || src.length < 2) {
    throw new RangeError(`fitSimilarity needs two equally long lists of ≥ 2 points, got ${src.length} and ${dst.length}`);
  }
  const n = src.length;
  let sx = 0, sy = 0, dx = 0, dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[i][0];
    sy += src[i][1];
    dx += dst[i][0];
    dy += dst[i][1];
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  let num1 = 0, num2 = 0, den = 0;
  for (let i = 0; i < n; i++) {
    const x = src[i][0] - sx, y = src[i][1] - sy;
    const u = dst[i][0] - dx, v = dst[i][1] - dy;
    num1 += x * u + y * v;
    num2 += x * v - y * u;
    den += x * x + y * y;
  }
  if (den === 0) throw new RangeError('fitSimilarity: source points all coincide');
  const a = num1 / den;
  const b = num2 / den;
  return [a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)];
}

export function applyAffine(m: Affine2, p: Point2): [number, number] {
  return [m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]];
}
