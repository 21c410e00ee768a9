/**
 * @file img2img truncation exactly as StableDiffusionImg2ImgPipeline.get_timesteps (diffusers v0.29.2):
 * init_timestep = min(int(N * strength), N); t_start = max(N - init_timestep, 0);
 * timesteps = timesteps[t_start * order:]; set_begin_index(t_start * order).
 */
import type { SchedulePlan, Timestep } from './types';

export interface Img2ImgStart {
  /** Plan whose `beginIndex` is the first executed step. */
  readonly plan: SchedulePlan;
  readonly beginIndex: number;
  /** The executed timesteps (`timesteps[beginIndex:]`). */
  readonly timesteps: Float64Array;
  /** Second value returned by get_timesteps: N - t_start. */
  readonly numInferenceStepsReturned: number;
  /** `latent_timestep = timesteps[:1]`, the noise level of the noised start (undefined if nothing runs). */
  readonly latentTimestep: Timestep | undefined;
}

/** Applies get_timesteps to a full plan. strength in [0, 1]; 1 = start from pure noise level. */
export function img2imgStart(plan: SchedulePlan, strength: number, order = 1): Img2ImgStart {
  if (!(strength >= 0 && strength <= 1)) throw new RangeError(`strength must be in [0, 1], got ${strength}`);
  const n = plan.numInferenceSteps;
  // int() truncates toward zero, like Python's int(float).
  const initTimestep = Math.min(Math.trunc(n * strength), n);
  const tStart = Math.max(n - initTimestep, 0);
  const beginIndex = Math.min(tStart * order, plan.timesteps.length);
  const timesteps = plan.timesteps.slice(beginIndex);
  return {
    plan: { ...plan, beginIndex },
    beginIndex,
    timesteps,
    numInferenceStepsReturned: n - tStart,
    latentTimestep: timesteps.length > 0 ? timesteps[0] : undefined,
  };
}
