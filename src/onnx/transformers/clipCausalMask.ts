/**
 * @file The additive causal mask of transformers' `_create_4d_causal_attention_mask`
 * (modeling_attn_mask_utils.py, v4.36): 0 where key ≤ query, `torch.finfo(float32).min` above the
 * diagonal. transformers uses the finite float minimum rather than −inf so a fully masked row can never
 * turn into NaN; adding it to a finite score stays finite and softmax maps it to exactly 0.
 */

/** `torch.finfo(torch.float32).min` = −(2 − 2⁻²³)·2¹²⁷. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** @returns float32 [S, S], row = query position, column = key position. */
export function clipCausalMask(sequenceLength: number): Float32Array {
  const s = sequenceLength;
  const mask = new Float32Array(s * s);
  for (let q = 0; q < s; q++) for (let k = q + 1; k < s; k++) mask[q * s + k] = FLOAT32_MIN;
  return mask;
}
