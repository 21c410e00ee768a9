/**
 * Least-squares 2-D similarity transform (rotation, uniform scale, translation; no reflection) —
 * Umeyama (1991, DOI 10.1109/34.88573) as scikit-image 0.19 `SimilarityTransform.estimate` computes it
 * (`skimage/transform/_geometric.py::_umeyama`, `estimate_scale=True`), which is what insightface
 * `face_align.estimate_norm` calls.
 */
import type { Affine2x3, Point2 } from './coordinateSpaces';
import { affine2x3 } from './coordinateSpaces';

/**
 * - `'float64'`: the mathematically exact least-squares fit in double precision.
 * - `'skimage-float32'`: reproduces the float32 rounding scikit-image incurs when handed float32
 *   points, as insightface does (means, demeaning, the cross-covariance `A` and the variance in
 *   float32; the rotation rounded to float32 like the product `U·V` of its float32 SVD; scale and
 *   translation then in float64). The two differ by ~2e-5 px in translation, which is enough to flip
 *   OpenCV's 1/32-pixel rounding for a handful of crop pixels; the emulation made all six
 *   `fixtures/align` crops bit-exact.
 */
export type SimilarityArithmetic = 'float64' | 'skimage-float32';

/**
 * Finds `M` minimising `Σ‖M·src_i − dst_i‖²` over similarity transforms.
 *
 * In 2-D, Umeyama's SVD solution (with its reflection fix `d = diag(1, sign det A)`) reduces to a
 * closed form on the demeaned points (x, y) → (u, v): with `A = Σ [u v]ᵀ[x y] / N`,
 * `s·cosθ = (A₀₀ + A₁₁)/σ²`, `s·sinθ = (A₁₀ − A₀₁)/σ²` (σ² = mean squared source radius), i.e.
 * `M = [[s·cosθ, −s·sinθ, tx], [s·sinθ, s·cosθ, ty]]`, `t = dst_mean − sR·src_mean`; no SVD needed
 * (the singular-value sum `S·d` equals `hypot(A₀₀ + A₁₁, A₁₀ − A₀₁)` whatever the sign of det A).
 *
 * @param src points in space `From` (N ≥ 2)
 * @param dst corresponding points in space `To` (same N)
 * @param arithmetic see {@link SimilarityArithmetic}; default `'float64'`
 * @returns row-major 2×3 matrix mapping `From → To` (skimage `params[0:2]`, cv2 `warpAffine` layout)
 * @throws if the lengths differ, N < 2, or all source points coincide (skimage returns NaNs there)
 */
export function estimateSimilarityTransform<From extends string, To extends string>(
  src: readonly Point2<From>[],
  dst: readonly Point2<To>[],
  arithmetic: SimilarityArithmetic = 'float64',
): Affine2x3<From, To> {
  const n = src.length;
  if (n !== dst.length) throw new Error(`estimateSimilarityTransform: ${n} source points but ${dst.length} destination points`);
  if (n < 2) throw new Error(`estimateSimilarityTransform: need at least 2 point pairs, got ${n}`);
  // r() rounds to the working precision: identity for float64, float32 rounding for the emulation.
  const r = arithmetic === 'float64' ? (v: number) => v : Math.fround;

  let sx = 0, sy = 0, dx = 0, dy = 0;
  for (let i = 0; i < n; i++) {
    sx = r(sx + r(src[i][0])); sy = r(sy + r(src[i][1]));
    dx = r(dx + r(dst[i][0])); dy = r(dy + r(dst[i][1]));
  }
  sx = r(sx / n); sy = r(sy / n); dx = r(dx / n); dy = r(dy / n);

  // A = dst_demeanᵀ·src_demean (divided by N below), and the source variance (numpy `var(axis=0).sum()`).
  let a00 = 0, a01 = 0, a10 = 0, a11 = 0, varX = 0, varY = 0, meanX = 0, meanY = 0;
  for (let i = 0; i < n; i++) {
    const x = r(r(src[i][0]) - sx), y = r(r(src[i][1]) - sy);
    const u = r(r(dst[i][0]) - dx), v = r(r(dst[i][1]) - dy);
    a00 = r(a00 + r(u * x)); a01 = r(a01 + r(u * y));
    a10 = r(a10 + r(v * x)); a11 = r(a11 + r(v * y));
    meanX = r(meanX + x); meanY = r(meanY + y);
  }
  a00 = r(a00 / n); a01 = r(a01 / n); a10 = r(a10 / n); a11 = r(a11 / n);
  // numpy's var subtracts the (float32, not exactly zero) mean of the demeaned points again.
  meanX = r(meanX / n); meanY = r(meanY / n);
  for (let i = 0; i < n; i++) {
    const x = r(r(r(src[i][0]) - sx) - meanX), y = r(r(r(src[i][1]) - sy) - meanY);
    varX = r(varX + r(x * x)); varY = r(varY + r(y * y));
  }
  const variance = r(r(varX / n) + r(varY / n));
  if (!(variance > 0)) throw new Error('estimateSimilarityTransform: source points are degenerate (all identical or non-finite)');

  const p = a00 + a11;
  const q = a10 - a01;
  const norm = Math.hypot(p, q);
  // Rotation R = [[c, −s], [s, c]]: float32 entries in the emulation (skimage stores U·V, a float32 product).
  const c = norm > 0 ? r(p / norm) : 1;
  const s = norm > 0 ? r(q / norm) : 0;
  const scale = norm / variance;
  const a = c * scale;
  const b = s * scale;
  return affine2x3<From, To>([a, -b, dx - scale * (c * sx - s * sy), b, a, dy - scale * (s * sx + c * sy)]);
}
