/**
 * Dot product and cosine similarity of embeddings — the "ID similarity" metric of Arc2Face
 * evaluations (method.md §c), cosine of ArcFace vectors.
 */
import { l2Norm } from './l2Normalize';

/** Σ aᵢ·bᵢ in float64. @throws on length mismatch */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot: length mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * cos∠(a, b) = a·b / (‖a‖‖b‖), clamped to [−1, 1] against rounding.
 * @throws on length mismatch or a zero vector
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const na = l2Norm(a), nb = l2Norm(b);
  if (!(na > 0) || !(nb > 0)) throw new Error('cosineSimilarity: zero vector has no direction');
  return Math.max(-1, Math.min(1, dot(a, b) / (na * nb)));
}
