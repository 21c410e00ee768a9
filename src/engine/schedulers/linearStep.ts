/**
 * @file The coefficient form of a scheduler step. Every scheduler here (DDIM, Euler, Euler-ancestral,
 * DPM-Solver 1/2M, LCM; without clip_sample/thresholding) updates the latents by an affine map
 *
 *   x' = a·x + b·m + c·p + d·z       (x sample, m model output, p the kept previous tensor, z noise)
 *
 * whose scalars depend only on the plan and the step, never on tensor values. A device loop computes
 * them here on the host and applies them in one small kernel (a WebGPU graph), so the latents never
 * leave the device; `applyLinearStep` is the float32 host reference of that kernel. The exact-rounding
 * `Scheduler.step` stays the parity reference; this form agrees with it to float32 round-off.
 */
import type { SchedulePlan, StepIndex } from './types';

/** Coefficients over the inputs of one step; terms a scheduler does not use are 0. */
export interface StepTerms {
  /** × the current sample x_t. */
  readonly sample: number;
  /** × the (guided) model output. */
  readonly modelOutput: number;
  /** × the tensor kept from the previous step (DPM-Solver's `model_outputs[-1]`). */
  readonly previous: number;
  /** × the step noise z ~ N(0, 1). */
  readonly noise: number;
}

/** A linear map of (sample, model output) only. */
export interface SampleModelTerms {
  readonly sample: number;
  readonly modelOutput: number;
}

export interface LinearStepCoefficients {
  /** x_{t−1}. */
  readonly prevSample: StepTerms;
  /** The step's x0 estimate (for previews), or null where the scheduler computes none. */
  readonly predOriginal: SampleModelTerms | null;
  /** What the NEXT step reads as `previous`; null when the scheduler keeps nothing. */
  readonly keep: SampleModelTerms | null;
}

/** The affine view of a scheduler (null on `Scheduler.linear` when the config makes it non-linear). */
export interface SchedulerLinearForm {
  /** `scale_model_input(x, t_i)` = x × this. */
  modelInputScale(plan: SchedulePlan, i: StepIndex): number;
  /**
   * Step `i` after `stepsDone` executed steps of this run (0 for the first, also for img2img): the
   * multistep history depends only on how many steps ran, so the coefficients are a pure function.
   */
  step(plan: SchedulePlan, i: StepIndex, stepsDone: number): LinearStepCoefficients;
  /** `add_noise(clean, noise, t_i)` = clean × `clean` + noise × `noise`. */
  addNoise(plan: SchedulePlan, i: StepIndex): { readonly clean: number; readonly noise: number };
}

const f = Math.fround;

/** Rounds every coefficient to float32, as a device kernel receives them. */
export function float32Terms<T extends object>(t: T): T {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'number' ? f(v) : v])) as T;
}

export function terms(sample: number, modelOutput: number, previous = 0, noise = 0): StepTerms {
  return float32Terms({ sample, modelOutput, previous, noise });
}

/** Host reference of the device kernel: every product and sum rounded to float32, in this order. */
export function applyLinearTerms(
  t: StepTerms,
  sample: Float32Array,
  modelOutput: Float32Array,
  previous?: Float32Array,
  noise?: Float32Array,
): Float32Array {
  if (t.previous !== 0 && !previous) throw new Error('these coefficients need the previous step\'s kept tensor');
  if (t.noise !== 0 && !noise) throw new Error('these coefficients need step noise');
  const out = new Float32Array(sample.length);
  for (let k = 0; k < out.length; k++) {
    let v = f(f(t.sample * sample[k]) + f(t.modelOutput * modelOutput[k]));
    if (previous) v = f(v + f(t.previous * previous[k]));
    if (noise) v = f(v + f(t.noise * noise[k]));
    out[k] = v;
  }
  return out;
}

/** {@link applyLinearTerms} for a (sample, model output) map. */
export function applySampleModelTerms(t: SampleModelTerms, sample: Float32Array, modelOutput: Float32Array): Float32Array {
  return applyLinearTerms({ ...t, previous: 0, noise: 0 }, sample, modelOutput);
}
