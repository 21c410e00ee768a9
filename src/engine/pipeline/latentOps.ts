/**
 * @file Where the denoise loop's tensors live. The loop (denoise.ts) only moves opaque handles `T`
 * between these operations, so latents, UNet outputs and the encoder hidden states can stay on the
 * device for the whole loop (browser-anchors.md §2.4) and only the final latents are read back.
 *
 * CPU implementation: createCpuLatentOps (T = FloatTensor, scheduler maths from src/engine/schedulers).
 *
 * How a WebGPU implementation plugs in (the worker provides it; nothing here changes):
 * - `T` = an ORT GPU tensor (`Tensor.fromGpuBuffer`, or an output kept with `preferredOutputLocation: 'gpu-buffer'`).
 * - `upload` wraps host data in a GPU tensor (the initial noise, per-step noise, cond/uncond — all small).
 * - `runUnet` runs the UNet session with GPU feeds and pre-allocated GPU fetches (ping-pong two output
 *   buffers: a tensor cannot be both input and output of one run).
 * - `concatBatch`, `cfgCombine`, `scaleModelInput`, `step`, `addNoise` are tiny ONNX graphs (Concat;
 *   `u + g·(c − u)`; `x · k`; `a·x + b·eps + c·x0_prev + d·noise`). Every scheduler here (DDIM η=0,
 *   Euler, Euler-ancestral, DPM-Solver++ 2M, LCM, without thresholding/clip_sample) is affine in
 *   (sample, model output, previous model outputs, noise) with per-step scalar coefficients that
 *   depend only on the plan, so the coefficients are computed on the host and fed as scalars; the
 *   previous x0 (DPM-Solver multistep state) is one more device tensor held by the bound SchedulerOps.
 * - `inspect` is a reduction graph (count of non-finite values, max |x|) whose 2 scalars are read
 *   back each step — a few bytes, not counted as a latent read-back.
 * - `readBack` is `tensor.getData()`; `dispose` calls `tensor.dispose()` (or returns a pooled buffer).
 */
import type { SchedulePlan, Scheduler, StepIndex } from '../schedulers';
import type { FloatTensor } from './modelRunner';

/** Summary of a latent tensor, cheap to compute where the tensor lives. */
export interface LatentStats {
  /** Elements that are NaN. */
  readonly nan: number;
  /** Elements that are ±Infinity. */
  readonly inf: number;
  /** max |x| over finite elements (0 for an all-zero tensor). */
  readonly maxAbs: number;
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

/** A scheduler bound to one plan, its per-run state held inside (device-side for a GPU implementation). */
export interface SchedulerOps<T> {
  /** `scale_model_input(sample, timesteps[i])`; may return `sample` itself (identity schedulers). */
  scaleModelInput(sample: T, i: StepIndex): Promise<T>;
  /** `step(model_output, timesteps[i], sample)`; `noise` when the scheduler consumes it at `i`. */
  step(modelOutput: T, sample: T, i: StepIndex, noise?: T): Promise<{ sample: T; predOriginal?: T }>;
  /** `add_noise(clean, noise, timesteps[i])` (img2img start). */
  addNoise(clean: T, noise: T, i: StepIndex): Promise<T>;
}

/** Tensor operations of the denoise loop over handles `T`. */
export interface LatentOps<T> {
  /** For logs / results, e.g. 'cpu', 'webgpu'. */
  readonly name: string;
  /** Host → device (never counted as a read-back). */
  upload(t: FloatTensor): Promise<T>;
  /** Device → host copy of the whole tensor; the loop counts each call in `readBacks`. */
  readBack(x: T): Promise<FloatTensor>;
  /** NaN/Inf counts and max |x|: a reduction, a few scalars cross to the host. */
  inspect(x: T): Promise<LatentStats>;
  /** `torch.cat([a, b])` along the batch axis: [1,…] + [1,…] → [2,…]. */
  concatBatch(a: T, b: T): Promise<T>;
  /** `u + g·(c − u)` on a [2,…] UNet output ordered [uncond, cond] → [1,…]. */
  cfgCombine(batched: T, guidance: number): Promise<T>;
  /** One UNet evaluation → `noise_pred` [B,4,h,w]. */
  runUnet(call: UnetCall<T>): Promise<T>;
  /** Binds a scheduler and a plan; fresh scheduler state per call. */
  bindScheduler(scheduler: Scheduler, plan: SchedulePlan): SchedulerOps<T>;
  /** Frees a handle the loop no longer needs (no-op on the CPU). */
  dispose(x: T): void;
}
