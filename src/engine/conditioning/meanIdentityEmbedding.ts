/**
 * Identity embedding from several images of one person: normalise each ArcFace vector, average,
 * normalise again (the mean-of-normalised-embeddings pattern of the ComfyUI Arc2Face nodes and
 * biesseck/Arc2Face; method.md §c "identity").
 */
import { l2Normalize } from './l2Normalize';

/**
 * @param embeddings ≥ 1 raw or normalised vectors of equal length D (512 for ArcFace)
 * @returns unit float32 vector [D]
 * @throws on an empty list, unequal lengths, or vectors that cancel out
 */
export function meanIdentityEmbedding(embeddings: readonly ArrayLike<number>[]): Float32Array {
  if (embeddings.length === 0) throw new Error('meanIdentityEmbedding: need at least one embedding');
  const d = embeddings[0].length;
  const sum = new Float64Array(d);
  for (const [k, e] of embeddings.entries()) {
    if (e.length !== d) throw new Error(`meanIdentityEmbedding: embedding ${k} has length ${e.length}, expected ${d}`);
    const u = l2Normalize(e);
    for (let i = 0; i < d; i++) sum[i] += u[i];
  }
  // Dividing by the count does not change the direction; normalising the sum is enough.
  return l2Normalize(sum);
}
