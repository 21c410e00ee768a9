/**
 * @file The scheduler contract: diffusers' `set_timesteps` / `scale_model_input` / `step` / `add_noise`
 * with the hidden state made explicit. A `SchedulePlan` is the immutable result of set_timesteps
 * (+ img2img truncation); the per-run `state` (DPM-Solver's previous model output, …) is passed in
 * and returned by `step`. Noise is always supplied by the caller (seeded RNG), so ancestral samplers
 * are reproducible everywhere.
 */
import type { SchedulerClassName, SchedulerConfigByClass } from './config';
import type { SchedulerLinearForm } from './linearStep';

/** Index into `SchedulePlan.timesteps` (0 = first, noisiest step of the FULL schedule). */
export type StepIndex = number;
/** A training-timestep value fed to the UNet (integer, or fractional for Euler "linspace"). */
export type Timestep = number;

export interface SchedulePlan {
  /** num_inference_steps given to set_timesteps. */
  readonly numInferenceSteps: number;
  /** Full schedule `scheduler.timesteps` (float64 holding ints or float32 values), length N. */
  readonly timesteps: Float64Array;
  /** `scheduler.sigmas` (N + 1, float32, last is the final sigma) for sigma-based schedulers, else null. */
  readonly sigmas: Float32Array | null;
  /** Multiply the initial Gaussian noise by this (`init_noise_sigma`). */
  readonly initNoiseSigma: number;
  /** First step executed: 0 for txt2img, `t_start * order` for img2img (diffusers `set_begin_index`). */
  readonly beginIndex: StepIndex;
}

export interface StepResult<State> {
  readonly state: State;
  /** x_{t-1}, float32, same shape as the sample. */
  readonly prevSample: Float32Array;
  /** Model's x_0 estimate at this step where the scheduler computes one (for previews). */
  readonly predOriginalSample?: Float32Array;
}

export interface Scheduler<State = unknown> {
  readonly className: Exclude<SchedulerClassName, 'PNDMScheduler'>;
  readonly config: Readonly<SchedulerConfigByClass[Exclude<SchedulerClassName, 'PNDMScheduler'>]>;
  /** diffusers `order` (1 for all schedulers here: DPM-Solver multistep takes one model call per step). */
  readonly order: number;
  /** `[T]` float32 alphas_cumprod. */
  readonly alphasCumprod: Float32Array;
  /** `set_timesteps(numInferenceSteps)`. */
  setTimesteps(numInferenceSteps: number): SchedulePlan;
  /** Fresh per-run state (diffusers resets it in set_timesteps). */
  initialState(plan: SchedulePlan): State;
  /** `scale_model_input(sample, timesteps[i])`: the UNet input. Never mutates `sample`. */
  scaleModelInput(sample: Float32Array, plan: SchedulePlan, i: StepIndex): Float32Array;
  /** Whether `step(…, i)` consumes the `noise` argument (ancestral/LCM: draw noise only then). */
  stepConsumesNoise(plan: SchedulePlan, i: StepIndex): boolean;
  /** `step(model_output, timesteps[i], sample)`; `noise` ~ N(0, 1), same length, when stepConsumesNoise. */
  step(state: State, modelOutput: Float32Array, sample: Float32Array, plan: SchedulePlan, i: StepIndex, noise?: Float32Array): StepResult<State>;
  /**
   * `add_noise(clean, noise, timesteps[i])` as the img2img pipeline calls it (before the loop, so
   * index-based schedulers look up `plan.beginIndex`-style index `i`).
   */
  addNoise(clean: Float32Array, noise: Float32Array, plan: SchedulePlan, i: StepIndex): Float32Array;
  /**
   * The same maths as per-step coefficients (linearStep.ts) for device loops; null when the config
   * makes a step non-affine (clip_sample), in which case callers run `step` on the host.
   */
  readonly linear: SchedulerLinearForm | null;
}

/** The model-call loop length: steps still to run from `plan.beginIndex`. */
export function stepsRemaining(plan: SchedulePlan): number {
  return plan.timesteps.length - plan.beginIndex;
}

export function checkStepIndex(plan: SchedulePlan, i: StepIndex): void {
  if (!Number.isInteger(i) || i < 0 || i >= plan.timesteps.length) {
    throw new RangeError(`step index ${i} outside the schedule [0, ${plan.timesteps.length})`);
  }
}

export function requireNoise(noise: Float32Array | undefined, length: number, who: string): Float32Array {
  if (!noise) throw new Error(`${who}: this step consumes noise; pass a float32 N(0,1) tensor of length ${length}`);
  if (noise.length !== length) throw new RangeError(`${who}: noise has ${noise.length} elements, sample has ${length}`);
  return noise;
}
