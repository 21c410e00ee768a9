/**
 * Identity variation by rotation: a unit vector with an exact cosine similarity to `e`, in a random
 * direction — `u' = u·cosθ + u⊥·sinθ` with `u⊥` a random unit vector orthogonal to `u`
 * (biesseck/Arc2Face; method.md §a.2 alternatives and §c "variation").
 */
import { dot } from './cosineSimilarity';
import { l2Normalize } from './l2Normalize';

/** Source of standard-normal samples, e.g. {@link createSeededGaussian}, or pre-drawn noise [D]. */
export type GaussianSource = (() => number) | ArrayLike<number>;

/** Redraws allowed when the noise is (numerically) parallel to `e` — probability ~0 for D ≥ 2. */
const MAX_DRAWS = 8;

/**
 * @param e identity vector [D] (normalised first)
 * @param targetCos desired cos∠(result, e) in [−1, 1]; 1 returns `e`, 0 an orthogonal vector
 * @param gaussian a function returning N(0,1) samples (called D times per draw), or a fixed noise
 *   vector [D]; an isotropic Gaussian projected off `e` gives a uniformly random direction in e⊥
 * @returns unit float32 vector [D] with `cos∠(result, e) = targetCos` (to float32 rounding, ~1e-7)
 * @throws if targetCos is outside [−1, 1] or NaN, or the noise has no component orthogonal to `e`
 */
export function rotateTowardsSimilarity(e: ArrayLike<number>, targetCos: number, gaussian: GaussianSource): Float32Array {
  if (!(targetCos >= -1 && targetCos <= 1)) throw new Error(`rotateTowardsSimilarity: targetCos must be in [-1, 1], got ${targetCos}`);
  const u = l2Normalize(e);
  const d = u.length;
  const fixedNoise = typeof gaussian !== 'function';
  if (fixedNoise && gaussian.length !== d) {
    throw new Error(`rotateTowardsSimilarity: noise has length ${gaussian.length}, expected ${d}`);
  }

  const perp = new Float64Array(d);
  for (let draw = 0; draw < (fixedNoise ? 1 : MAX_DRAWS); draw++) {
    for (let i = 0; i < d; i++) perp[i] = fixedNoise ? gaussian[i] : gaussian();
    // Gram–Schmidt twice: one pass leaves ~1e-8 of u in float64 when the noise is nearly parallel.
    for (let pass = 0; pass < 2; pass++) {
      const h = dot(perp, u);
      for (let i = 0; i < d; i++) perp[i] -= h * u[i];
    }
    let n2 = 0;
    for (let i = 0; i < d; i++) n2 += perp[i] * perp[i];
    if (n2 > 1e-20) {
      const s = Math.sqrt(Math.max(0, 1 - targetCos * targetCos)) / Math.sqrt(n2);
      const out = new Float64Array(d);
      for (let i = 0; i < d; i++) out[i] = targetCos * u[i] + s * perp[i];
      return l2Normalize(out);
    }
  }
  throw new Error('rotateTowardsSimilarity: noise has no component orthogonal to e (D = 1, or degenerate noise)');
}
