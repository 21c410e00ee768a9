/**
 * @file Where the denoise loop's tensors live. The loop (denoise.ts) only moves opaque handles `T`
 * between these operations, so latents, UNet outputs and the encoder hidden states can stay on the
 * device for the whole loop and only the final latents (and optional previews) are read back.
 *
 * Implementations:
 * - createCpuLatentOps (here): T = FloatTensor, the exact host schedulers of src/engine/schedulers.
 *   Tests, the Node CLI, and any scheduler config without a coefficient form (clip_sample).
 * - createOrtLatentOps (src/worker/runtime): T = an onnxruntime-web Tensor. The UNet keeps its output
 *   where it ran ('gpu-buffer' on WebGPU, CPU on WASM), and per step two tiny ONNX graphs on the same
 *   device do the rest: `unetInput` (x·k, repeated for the [uncond, cond] batch) and `step` (CFG
 *   u + g·(c − u) fused with the scheduler's affine update from `Scheduler.linear`, whose scalars
 *   are computed here on the host). DPM-Solver's previous output stays a device tensor.
 */
import type { SchedulePlan, Scheduler, StepIndex } from '../schedulers';
import type { FloatTensor } from './modelRunner';
import type { NonFiniteKind } from './NonFiniteLatentsError';

/** Summary of a latent tensor, cheap to compute where the tensor lives. */
export interface LatentStats {
  /** Elements that are NaN. */
  readonly nan: number;
  /** Elements that are ±Infinity. */
  readonly inf: number;
  /** max |x| over finite elements (0 for an all-zero tensor). */
  readonly maxAbs: number;
}

/** The first executed step after which the latents were NaN, ±Inf or all zero, and what was wrong. */
export interface FirstBadStep {
  /** 0-based among the executed steps. */
  readonly step: number;
  readonly kind: NonFiniteKind;
  /** NaN or Inf elements; all elements for all-zero. */
  readonly count: number;
}

/**
 * A record of the first diverged step kept where the latents live: updated after every step with no
 * device → host sync, read once together with the final latents (a few bytes, not a latent read-back).
 */
export interface DivergenceWatch<T> {
  /** Folds the latents after executed step `step` into the record (queued on the device, nothing read). */
  observe(latents: T, step: number): Promise<void>;
  /** The recorded first bad step, or null when every observed step was fine. */
  read(): Promise<FirstBadStep | null>;
  /** Frees the record. */
  release(): void;
}

/** UNet feeds as device handles; timesteps stay on the host (one float per batch row). */
export interface UnetCall<T> {
  /** [B,4,h,w] scaled model input. */
  readonly sample: T;
  /** [B] float32 timesteps (same value per row). */
  readonly timestep: Float32Array;
  /** [B,77,C]. */
  readonly encoderHiddenStates: T;
}

/** A scheduler bound to one plan, its per-run state held inside (device-side for a device implementation). */
export interface SchedulerOps<T> {
  /** `scale_model_input(sample, timesteps[i])` repeated `batch` times along axis 0 → [batch,4,h,w]. */
  unetInput(sample: T, i: StepIndex, batch: 1 | 2): Promise<T>;
  /**
   * Classifier-free guidance then `step(model_output, timesteps[i], sample)`. With `guidance` set,
   * `unetOutput` is [2,…] ordered [uncond, cond] and combined as u + g·(c − u) first; with null it is
   * the [1,…] model output itself. `noise` when the scheduler consumes it at `i`. The caller owns the
   * returned `sample`; `predOriginal` (the x0 estimate, for previews) stays owned by these ops and is
   * valid until the next `step` or `release` — it may be the scheduler's own kept state.
   */
  step(unetOutput: T, sample: T, i: StepIndex, guidance: number | null, noise?: T): Promise<{ sample: T; predOriginal?: T }>;
  /** `add_noise(clean, noise, timesteps[i])` (img2img start). */
  addNoise(clean: T, noise: T, i: StepIndex): Promise<T>;
  /** Frees the state held inside (DPM-Solver's previous output, the last x0). */
  release(): void;
}

/** Tensor operations of the denoise loop over handles `T`. */
export interface LatentOps<T> {
  /** For logs / results, e.g. 'cpu', 'webgpu'. */
  readonly name: string;
  /** Host → device (never counted as a read-back). */
  upload(t: FloatTensor): Promise<T>;
  /** Device → host copy of the whole tensor; the loop counts each call in `readBacks`. */
  readBack(x: T): Promise<FloatTensor>;
  /**
   * NaN/Inf counts and max |x| after every step, where that costs no device sync (the host). Absent on
   * a device: the loop then uses `watchDivergence` to name the first bad step, and checks the final
   * latents once after their read-back as a backstop (reported at the last step).
   */
  inspect?(x: T): Promise<LatentStats>;
  /** A device-side first-bad-step record for one image of `count` latent elements (see {@link DivergenceWatch}). */
  watchDivergence?(count: number): DivergenceWatch<T>;
  /** One UNet evaluation → `noise_pred` [B,4,h,w]. */
  runUnet(call: UnetCall<T>): Promise<T>;
  /** Binds a scheduler and a plan; fresh scheduler state per call. */
  bindScheduler(scheduler: Scheduler, plan: SchedulePlan): SchedulerOps<T>;
  /** Frees a handle the loop no longer needs (no-op on the CPU). */
  dispose(x: T): void;
}
