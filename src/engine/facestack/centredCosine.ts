/**
 * @file Cosine similarity of two embeddings after subtracting a fixed mean vector. FaceRes descriptors are
 * post-ReLU (non-negative), so raw cosine between unrelated faces sits near 0.4; centring on a reference
 * mean moves impostor pairs to about 0 (face-tooling.md §5).
 */

/**
 * @param a first embedding
 * @param b second embedding, same length
 * @param mean optional mean embedding subtracted from both (same length); omitted → plain cosine
 * @returns cosine in [−1, 1]; 0 if either centred vector is all zeros
 */
export function centredCosine(a: ArrayLike<number>, b: ArrayLike<number>, mean?: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`centredCosine: embeddings differ in length (${a.length} vs ${b.length})`);
  if (mean && mean.length !== a.length) throw new Error(`centredCosine: mean has length ${mean.length}, embeddings ${a.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const m = mean ? mean[i] : 0;
    const x = a[i] - m;
    const y = b[i] - m;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Element-wise mean of embeddings (e.g. to build the centring vector from a reference set). */
export function meanEmbedding(embeddings: readonly ArrayLike<number>[]): Float32Array {
  if (!embeddings.length) throw new Error('meanEmbedding: need at least one embedding');
  const out = new Float64Array(embeddings[0].length);
  for (const e of embeddings) {
    if (e.length !== out.length) throw new Error(`meanEmbedding: lengths differ (${e.length} vs ${out.length})`);
    for (let i = 0; i < out.length; i++) out[i] += e[i];
  }
  return Float32Array.from(out, (v) => v / embeddings.length);
}
