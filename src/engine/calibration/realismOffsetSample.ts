/**
 * @file What one face contributes to the realism offset, in the space Δ lives in (method.md §a.2):
 * 'encoder-output' → τ(e), the text encoder's output for the unit id vector e [77 × C];
 * 'id-vector' → e / ‖e‖ [D], the alternative reading §a.2 keeps open.
 */
import type { RealismOffsetSpace } from '../conditioning/applyRealismOffset';
import { l2Normalize } from '../conditioning/l2Normalize';
import { buildConditioning } from '../pipeline/buildConditioning';
import type { ModelRunner } from '../pipeline/modelRunner';

/** Pack constants the encoder needs (the same ones generation uses, so Δ lands where c' is formed). */
export interface EncoderConstants {
  /** token_embedding("photo of a id person") [77×H]. */
  readonly promptTokenEmbeddings: Float32Array;
  /** Row(s) of the "id" placeholder. */
  readonly placeholderIndex: number | readonly number[];
  /** τ("") [77×C]; only its size is used here (it fixes C). */
  readonly uncondEmbedding: Float32Array;
}

/**
 * @param idVector ArcFace vector [D] of one face (raw or unit)
 * @returns float32 sample: [77×C] for 'encoder-output', unit [D] for 'id-vector'
 */
export async function realismOffsetSample(
  idVector: Float32Array,
  space: RealismOffsetSpace,
  encoder: EncoderConstants,
  runner: ModelRunner,
): Promise<Float32Array> {
  if (space === 'id-vector') return l2Normalize(idVector);
  // No realism offset here: τ(e) is exactly the `c` that generation later offsets by λΔ.
  const c = await buildConditioning({ idVector, ...encoder, runner });
  return c.cond.data;
}
