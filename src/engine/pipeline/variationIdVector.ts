/**
 * @file Intra-identity variation of the id vector (method.md §a.2 Eq. 2, §c "variation"): SLERP between
 * two embeddings of the same identity, then optionally a seeded rotation to a target cosine similarity.
 */
import { rotateTowardsSimilarity } from '../conditioning/rotateTowardsSimilarity';
import { slerp } from '../conditioning/slerp';
import { l2Normalize } from '../conditioning/l2Normalize';
import { createGaussianGenerator } from '../random';

export interface VariationInput {
  /** Anchor (t = 0 end), e.g. the identity mean [D]. */
  readonly a: Float32Array;
  /** Second embedding of the same identity [D] (t = 1 end). */
  readonly b?: Float32Array;
  /** SLERP position; used with `b`. Default 0. */
  readonly slerpT?: number;
  /** cos∠(result, slerp result) in [−1, 1]; absent or 1 → no rotation. */
  readonly targetSimilarity?: number;
  /** Seed of the rotation direction (integer in [0, 2^53)). */
  readonly seed: number;
}

/**
 * The rotation direction's generator seed, decorrelated from the latent noise. Why: the image seed
 * usually doubles as the variation seed, and the same generator would make the first D values of x_T
 * and the rotation noise identical.
 */
export function variationNoiseSeed(seed: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  // Golden-ratio offset, wrapped into [0, 2^53) without leaving exact integer range.
  const k = 0x9e3779b97f4a7;
  return seed < 2 ** 53 - k ? seed + k : seed - (2 ** 53 - k);
}

/** @returns unit float32 [D]: slerp(a, b; t) (or a), rotated to `targetSimilarity` when < 1. */
export function variationIdVector(v: VariationInput): Float32Array {
  let e = v.b ? slerp(v.a, v.b, v.slerpT ?? 0) : l2Normalize(v.a);
  const cos = v.targetSimilarity;
  if (cos !== undefined && cos < 1) {
    const gen = createGaussianGenerator(variationNoiseSeed(v.seed));
    e = rotateTowardsSimilarity(e, cos, () => gen.next());
  }
  return e;
}
