/**
 * @file The typed failure of a diverged denoise loop (NaN, ±Inf, or all-zero latents after a step) —
 * a known fp16 failure mode of SD UNets on some GPUs; the UI suggests fp32 or another backend.
 */

export type NonFiniteKind = 'nan' | 'inf' | 'all-zero';

export class NonFiniteLatentsError extends Error {
  readonly code = 'non-finite-latents';
  /**
   * @param step 0-based index among the executed steps (0 = first UNet call of this image)
   * @param stepIndex index into the full schedule (`SchedulePlan.timesteps`; differs from `step` for img2img)
   * @param timestep the timestep value at that step
   * @param kind what was found
   * @param count number of offending elements (NaN or Inf count; total size for all-zero)
   */
  constructor(
    readonly step: number,
    readonly stepIndex: number,
    readonly timestep: number,
    readonly kind: NonFiniteKind,
    readonly count: number,
  ) {
    super(`latents became ${kind === 'all-zero' ? 'all zero' : `non-finite (${count} ${kind === 'nan' ? 'NaN' : '±Inf'} values)`} after step ${step} (schedule index ${stepIndex}, timestep ${timestep}); fp16 overflow is the usual cause — try the fp32 pack or another backend`);
    this.name = 'NonFiniteLatentsError';
  }
}
