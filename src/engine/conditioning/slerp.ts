/**
 * Spherical linear interpolation between unit embeddings — Digi2Real's intra-class variation
 * (method.md §a.2 Eq. 2): `slerp(a,b;t) = sin((1−t)θ)/sinθ · a + sin(tθ)/sinθ · b`.
 */
import { dot } from './cosineSimilarity';
import { l2Normalize } from './l2Normalize';

/** Below this angle (radians) the sines cancel badly: fall back to normalised lerp (method.md §a.2). */
const SMALL_ANGLE = 1e-4;

/**
 * @param a unit vector [D] (t = 0 end); non-unit inputs are normalised first
 * @param b unit vector [D] (t = 1 end)
 * @param t position along the great circle; values outside [0, 1] extrapolate along it
 * @returns unit float32 vector [D]
 *
 * Robustness:
 * - θ from `2·atan2(‖a−b‖, ‖a+b‖)`, accurate at every angle (acos of the dot loses half the digits
 *   near 0 and π);
 * - θ < 1e-4: `normalize((1−t)a + t·b)`;
 * - nearly antiparallel (π − θ < 1e-4): the great circle is not unique; we take the plane of `a` and
 *   the direction of `b − (b·a)a`, or, if that is numerically zero, a fixed axis orthogonal to `a`
 *   (the basis vector where |aᵢ| is smallest), so the result is deterministic.
 */
export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float32Array {
  if (a.length !== b.length) throw new Error(`slerp: length mismatch ${a.length} vs ${b.length}`);
  if (!Number.isFinite(t)) throw new Error(`slerp: t must be finite, got ${t}`);
  const ua = l2Normalize(a);
  const ub = l2Normalize(b);
  const d = ua.length;

  let diff2 = 0, sum2 = 0;
  for (let i = 0; i < d; i++) {
    diff2 += (ua[i] - ub[i]) ** 2;
    sum2 += (ua[i] + ub[i]) ** 2;
  }
  const theta = 2 * Math.atan2(Math.sqrt(diff2), Math.sqrt(sum2));

  if (theta < SMALL_ANGLE) {
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) out[i] = (1 - t) * ua[i] + t * ub[i];
    return l2Normalize(out);
  }

  if (Math.PI - theta < SMALL_ANGLE) {
    // Rotate a by t·θ in the plane (a, w), w ⟂ a.
    const w = orthogonalDirection(ua, ub);
    const out = new Float64Array(d);
    const c = Math.cos(t * theta), s = Math.sin(t * theta);
    for (let i = 0; i < d; i++) out[i] = c * ua[i] + s * w[i];
    return l2Normalize(out);
  }

  const sinTheta = Math.sin(theta);
  const wa = Math.sin((1 - t) * theta) / sinTheta;
  const wb = Math.sin(t * theta) / sinTheta;
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) out[i] = wa * ua[i] + wb * ub[i];
  // Re-normalise: removes the float32 rounding of the inputs from the result's norm.
  return l2Normalize(out);
}

/** A unit vector ⟂ unit `a`: the part of `hint` orthogonal to `a`, else a basis-vector fallback. */
function orthogonalDirection(a: Float32Array, hint: ArrayLike<number>): Float64Array {
  const d = a.length;
  const w = new Float64Array(d);
  const h = dot(hint, a);
  let n2 = 0;
  for (let i = 0; i < d; i++) {
    w[i] = hint[i] - h * a[i];
    n2 += w[i] * w[i];
  }
  if (n2 < 1e-12) {
    let k = 0;
    for (let i = 1; i < d; i++) if (Math.abs(a[i]) < Math.abs(a[k])) k = i;
    n2 = 0;
    for (let i = 0; i < d; i++) {
      w[i] = (i === k ? 1 : 0) - a[k] * a[i];
      n2 += w[i] * w[i];
    }
  }
  const n = Math.sqrt(n2);
  if (!(n > 0)) throw new Error('slerp: antiparallel 1-D vectors have no great circle between them');
  for (let i = 0; i < d; i++) w[i] /= n;
  return w;
}
