/**
 * Digi2Real realism offset (method.md §a.2 Eq. 3, reconstructed): `c' = c + λ·Δ`, where
 * `Δ = mean(real) − mean(DigiFace)`. λ = 0 is plain Arc2Face, λ = 1 the full offset (§c "realism strength").
 */

/**
 * Where Δ was measured, which decides what `c` is:
 * - `'encoder-output'` (the paper's "CLIP space", default reading of §a.2): c is the text encoder's
 *   output τ(e) [77 × H]; Δ is either per token [77 × H] or one row [H] broadcast to every token.
 * - `'id-vector'` (the alternative §a.2 keeps open): c is the ArcFace vector e [D] before
 *   `injectIdAtPlaceholder`; Δ is [D]. The sum is not unit length — `injectIdAtPlaceholder`
 *   re-normalises it by default, as Arc2Face only ever saw unit vectors.
 */
export type RealismOffsetSpace = 'encoder-output' | 'id-vector';

/**
 * @param c conditioning in the space named by `space` (float32)
 * @param delta Δ, same length as `c` (or, for `'encoder-output'`, one row of length H dividing `c`)
 * @param lambda realism strength λ (any finite number; negative moves away from real)
 * @param space see {@link RealismOffsetSpace}
 * @returns new float32 array `c + λ·Δ`
 */
export function applyRealismOffset(
  c: Float32Array,
  delta: Float32Array,
  lambda: number,
  space: RealismOffsetSpace,
): Float32Array {
  if (!Number.isFinite(lambda)) throw new Error(`applyRealismOffset: lambda must be finite, got ${lambda}`);
  const broadcast = space === 'encoder-output' && delta.length > 0 && delta.length < c.length && c.length % delta.length === 0;
  if (delta.length !== c.length && !broadcast) {
    throw new Error(
      space === 'encoder-output'
        ? `applyRealismOffset: Δ length ${delta.length} must equal c (${c.length}) or be one token row dividing it`
        : `applyRealismOffset: id-vector Δ length ${delta.length} must equal c (${c.length})`,
    );
  }
  const out = new Float32Array(c.length);
  const n = delta.length;
  for (let i = 0; i < c.length; i++) out[i] = c[i] + lambda * delta[i % n];
  return out;
}
