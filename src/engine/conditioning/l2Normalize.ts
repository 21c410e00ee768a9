/**
 * Euclidean norm and L2 normalisation of embedding vectors (ArcFace `normed_embedding`,
 * Arc2Face README `id_emb / torch.norm(id_emb, dim=1, keepdim=True)`).
 */

/** ‖v‖₂, accumulated in float64. */
export function l2Norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * @param v vector of any length (float32 or numbers)
 * @returns new float32 vector `v / ‖v‖₂`
 * @throws if ‖v‖ is 0 or not finite — a zero embedding has no direction, and silently returning
 *   zeros would later condition the generator on "no identity"
 */
export function l2Normalize(v: ArrayLike<number>): Float32Array {
  const n = l2Norm(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`l2Normalize: vector norm must be finite and > 0, got ${n}`);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / n;
  return out;
}
