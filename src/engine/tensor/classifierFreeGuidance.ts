/**
 * @file Classifier-free guidance (Ho & Salimans 2022) as StableDiffusionPipeline applies it:
 * `noise_pred_uncond + guidance_scale * (noise_pred_text - noise_pred_uncond)` on a UNet output
 * batched as [uncond, cond], in float32 like torch.
 */

const f = Math.fround;

/**
 * @param uncond unconditional prediction, float32 (e.g. [1, 4, H/8, W/8])
 * @param cond conditional prediction, same length
 * @param scale guidance scale (1 = cond only; Arc2Face default 3)
 * @returns new float32 array u + scale * (c - u), each operation rounded to float32
 */
export function classifierFreeGuidance(uncond: Float32Array, cond: Float32Array, scale: number): Float32Array {
  if (uncond.length !== cond.length) throw new RangeError(`uncond has ${uncond.length} elements, cond has ${cond.length}`);
  const s = f(scale);
  const out = new Float32Array(uncond.length);
  for (let i = 0; i < out.length; i++) out[i] = uncond[i] + f(s * f(cond[i] - uncond[i]));
  return out;
}

/**
 * Same, from the UNet's batched output `[2 * B, ...]` ordered [uncond rows, cond rows]
 * (what `noise_pred.chunk(2)` splits). Returns `[B, ...]`.
 */
export function classifierFreeGuidanceBatched(batched: Float32Array, scale: number): Float32Array {
  if (batched.length % 2 !== 0) throw new RangeError(`batched output length ${batched.length} is not even`);
  const half = batched.length / 2;
  return classifierFreeGuidance(batched.subarray(0, half), batched.subarray(half), scale);
}
