/**
 * @file The sampling loop with diffusers v0.29.2 StableDiffusionPipeline / StableDiffusionImg2ImgPipeline
 * semantics (method.md §b.4–b.6): seeded x_T × init_noise_sigma (or get_timesteps truncation + add_noise),
 * per step scale_model_input → UNet on [uncond, cond] → CFG → scheduler.step, with cancel, progress and
 * a NaN/Inf/all-zero check (after every step on the host; on a device, a first-bad-step record kept
 * beside the latents and read with the final latents, so the loop never waits on the GPU). Tensors stay behind {@link LatentOps} handles so a device
 * implementation keeps them on the GPU; only the final latents (and optional previews) are read back.
 */
import { AbortError, raceAbort, throwIfAborted } from '../progress/abort';
import { ProgressTracker, type ProgressSink } from '../progress/progress';
import { createScheduler, img2imgStart, type RunnableSchedulerName, type SchedulePlan } from '../schedulers';
import { concatBatch, createCpuLatentOps } from './createCpuLatentOps';
import { detectNonFinite, latentProblem, } from './detectNonFinite';
import type { LatentOps, LatentStats } from './latentOps';
import { createLatentNoiseStream } from './latentNoiseStream';
import { numel, type FloatTensor, type ModelRunner } from './modelRunner';
import { NonFiniteLatentsError } from './NonFiniteLatentsError';

/** Replaces seeded noise (tests: the fixtures' x_T / step_noise). The seeded stream still advances. */
export interface NoiseInjection {
  /** Block 0: x_T (txt2img, before × init_noise_sigma) or the add_noise noise (img2img). */
  readonly initial?: Float32Array;
  /** Noise for executed step `step` (0-based) at schedule index `stepIndex`; undefined → seeded. */
  readonly forStep?: (step: number, stepIndex: number) => Float32Array | undefined;
}

export interface Img2ImgInput {
  /** Clean latents [1,4,h,w], already × scaling_factor (encodeImage's result). */
  readonly latents0: FloatTensor;
  /** In [0, 1]; 1 starts from (almost) pure noise. Must leave ≥ 1 step: strength ≥ 1/steps. */
  readonly strength: number;
}

/** A preview: the scheduler's x0 estimate when it has one, else the current latents x_t. */
export interface DenoisePreview {
  readonly step: number;
  readonly kind: 'pred-original' | 'latents';
  readonly latents: FloatTensor;
}

export interface DenoiseOptions<T = FloatTensor> {
  /** Runs the UNet when `latentOps` is not given (CPU ops over this runner). */
  readonly runner: ModelRunner;
  /** Device-side tensor ops (WebGPU); default createCpuLatentOps(runner). */
  readonly latentOps?: LatentOps<T>;
  /** `scheduler_config.json` text (Python Infinity allowed) or parsed object. */
  readonly schedulerConfig: string | Readonly<Record<string, unknown>>;
  /** Target class (`Cls.from_config`); default the config's `_class_name`. Arc2Face: DPMSolverMultistepScheduler. */
  readonly schedulerClass?: RunnableSchedulerName;
  /** num_inference_steps (before img2img truncation). */
  readonly steps: number;
  /** CFG scale; ≤ 1 disables the uncond branch (one batch-1 UNet call per step), as diffusers. */
  readonly guidance: number;
  /** Integer in [0, 2^53); see latentNoiseStream.ts for the layout. */
  readonly seed: number;
  /** Conditional encoder_hidden_states [1,77,C]. */
  readonly cond: FloatTensor;
  /** τ("") [1,77,C]; required when guidance > 1. */
  readonly uncond?: FloatTensor;
  /** [1,4,h,w]. */
  readonly latentShape: readonly number[];
  readonly img2img?: Img2ImgInput;
  readonly signal?: AbortSignal;
  /** Receives {phase:'step', done, total, etaMs}: done 0 at the start, then after every step. */
  readonly onProgress?: ProgressSink;
  readonly jobId?: string;
  /** Read back a preview every N steps (not after the last; each counts as a read-back). */
  readonly previewEvery?: number;
  readonly onPreview?: (p: DenoisePreview) => void;
  readonly noise?: NoiseInjection;
  /** Clock for ETA (ms); default performance.now. */
  readonly now?: () => number;
}

export interface DenoiseResult {
  /** Final latents [1,4,h,w] (still × scaling_factor). */
  readonly latents: FloatTensor;
  /** Full-tensor device → host copies: 1 + previews (a device's few-byte first-bad-step record, read with the last, is not counted). */
  readonly readBacks: number;
  /** Steps executed (after img2img truncation). */
  readonly stepsRun: number;
  readonly unetCalls: number;
  /** The executed timesteps. */
  readonly timesteps: Float64Array;
  readonly schedulerClass: RunnableSchedulerName;
  readonly schedulerWarnings: readonly string[];
}

function throwIfDiverged(stats: LatentStats, step: number, stepIndex: number, t: number, n: number): void {
  const problem = latentProblem(stats);
  if (problem) throw new NonFiniteLatentsError(step, stepIndex, t, problem, problem === 'nan' ? stats.nan : problem === 'inf' ? stats.inf : n);
}

function checkShape(t: FloatTensor, n: number, what: string): void {
  if (t.data.length !== n) throw new RangeError(`${what}: expected ${n} elements, got ${t.data.length} (dims ${JSON.stringify(t.dims)})`);
}

/**
 * Samples latents for one image.
 * @throws AbortError when `signal` fires (checked before each step; an in-flight UNet call is raced)
 * @throws NonFiniteLatentsError naming the step after which the latents went NaN/Inf/all-zero
 * @throws RangeError on bad shapes, steps, or a strength that leaves no step
 */
export async function denoise<T = FloatTensor>(opts: DenoiseOptions<T>): Promise<DenoiseResult> {
  const { steps, guidance, seed, latentShape, signal } = opts;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  if (!Number.isFinite(guidance)) throw new RangeError(`guidance must be finite, got ${guidance}`);
  if (latentShape.length !== 4 || latentShape[0] !== 1) throw new RangeError(`latentShape must be [1, C, h, w], got ${JSON.stringify(latentShape)}`);
  // diffusers: do_classifier_free_guidance = guidance_scale > 1.
  const cfg = guidance > 1;
  if (cfg && !opts.uncond) throw new RangeError('guidance > 1 needs the unconditional embedding (uncond)');
  if (cfg && opts.uncond!.data.length !== opts.cond.data.length) throw new RangeError(`uncond (${opts.uncond!.data.length}) and cond (${opts.cond.data.length}) sizes differ`);
  throwIfAborted(signal);

  const n = numel(latentShape);
  const ops = opts.latentOps ?? (createCpuLatentOps(opts.runner) as unknown as LatentOps<T>);
  const { scheduler, warnings } = createScheduler(opts.schedulerConfig, opts.schedulerClass);
  let plan: SchedulePlan = scheduler.setTimesteps(steps);
  if (opts.img2img) {
    const start = img2imgStart(plan, opts.img2img.strength, scheduler.order);
    if (start.timesteps.length === 0) {
      throw new RangeError(`img2img strength ${opts.img2img.strength} with ${steps} steps runs no step; use strength ≥ ${1 / steps}`);
    }
    plan = start.plan;
  }
  const total = plan.timesteps.length - plan.beginIndex;
  const stream = createLatentNoiseStream(seed, n);
  const seeded0 = stream.next();
  const initial = opts.noise?.initial ?? seeded0;
  if (initial.length !== n) throw new RangeError(`initial noise has ${initial.length} elements, latents ${n}`);

  const sops = ops.bindScheduler(scheduler, plan);
  // A device has no cheap per-step inspect; it records the first bad step where the latents live.
  const watch = ops.inspect ? undefined : ops.watchDivergence?.(n);
  const live = new Set<T>();
  const hold = (x: T): T => { live.add(x); return x; };
  const drop = (x: T | undefined): void => {
    if (x !== undefined && live.delete(x)) ops.dispose(x);
  };
  let readBacks = 0;
  let unetCalls = 0;
  const tracker = new ProgressTracker(opts.jobId ?? '', 'step', total, opts.onProgress, opts.now);

  try {
    // Start latents.
    let sample: T;
    if (opts.img2img) {
      checkShape(opts.img2img.latents0, n, 'img2img latents0');
      const clean = hold(await ops.upload({ dims: latentShape, data: opts.img2img.latents0.data }));
      const nz = hold(await ops.upload({ dims: latentShape, data: initial }));
      // add_noise at latent_timestep = timesteps[t_start·order] (index-based schedulers use beginIndex).
      sample = hold(await sops.addNoise(clean, nz, plan.beginIndex));
      drop(clean); drop(nz);
    } else {
      const sigma = Math.fround(plan.initNoiseSigma);
      // float32 product, like torch's `latents * init_noise_sigma`.
      sample = hold(await ops.upload({ dims: latentShape, data: initial.map((v) => v * sigma) }));
    }

    // encoder_hidden_states: [uncond, cond] (diffusers' torch.cat order) or cond alone; uploaded once.
    if (opts.cond.dims.length !== 3 || opts.cond.dims[0] !== 1) throw new RangeError(`cond must be [1, 77, C], got ${JSON.stringify(opts.cond.dims)}`);
    checkShape(opts.cond, numel(opts.cond.dims), 'cond');
    const ehs = hold(await ops.upload(cfg ? concatBatch(opts.uncond!, opts.cond) : opts.cond));
    const batch = cfg ? 2 : 1;
    tracker.report(0);

    for (let k = 0; k < total; k++) {
      throwIfAborted(signal);
      const i = plan.beginIndex + k;
      const t = plan.timesteps[i];
      const unetIn = await sops.unetInput(sample, i, batch);
      if (unetIn !== sample) hold(unetIn);
      // Each row gets the same timestep, as float32 (Euler's fractional timesteps round here, like torch).
      const out = hold(await raceAbort(ops.runUnet({ sample: unetIn, timestep: new Float32Array(batch).fill(t), encoderHiddenStates: ehs }), signal));
      unetCalls++;
      if (unetIn !== sample) drop(unetIn);

      let noiseH: T | undefined;
      if (scheduler.stepConsumesNoise(plan, i)) {
        const seeded = stream.next(); // always drawn, so injection does not shift later blocks
        const injected = opts.noise?.forStep?.(k, i);
        if (injected && injected.length !== n) throw new RangeError(`injected step noise ${k} has ${injected.length} elements, latents ${n}`);
        noiseH = hold(await ops.upload({ dims: latentShape, data: injected ?? seeded }));
      }
      const r = await sops.step(out, sample, i, cfg ? guidance : null, noiseH);
      drop(out); drop(noiseH); drop(sample);
      sample = hold(r.sample);

      if (ops.inspect) throwIfDiverged(await ops.inspect(sample), k, i, t, n);
      else await watch?.observe(sample, k);
      tracker.report(k + 1);

      const every = opts.previewEvery ?? 0;
      if (opts.onPreview && every > 0 && (k + 1) % every === 0 && k + 1 < total) {
        const src = r.predOriginal ?? sample;
        const latents = await ops.readBack(src);
        readBacks++;
        opts.onPreview({ step: k + 1, kind: r.predOriginal ? 'pred-original' : 'latents', latents });
      }
    }
    throwIfAborted(signal);
    // The record's few bytes are read beside the final latents (issued together: one wait, not two).
    const [latents, firstBad] = await Promise.all([ops.readBack(sample), watch?.read()]);
    readBacks++;
    if (firstBad) {
      const i = plan.beginIndex + firstBad.step;
      throw new NonFiniteLatentsError(firstBad.step, i, plan.timesteps[i], firstBad.kind, firstBad.count);
    }
    // Backstop without a record (or if a device compiler folded the checks away): NaN/Inf propagate, so
    // the final latents still show them, reported at the last step.
    if (!ops.inspect) throwIfDiverged(detectNonFinite(latents.data), total - 1, plan.timesteps.length - 1, plan.timesteps[plan.timesteps.length - 1], n);
    return {
      latents: { dims: [...latentShape], data: latents.data },
      readBacks,
      stepsRun: total,
      unetCalls,
      timesteps: plan.timesteps.slice(plan.beginIndex),
      schedulerClass: scheduler.className,
      schedulerWarnings: warnings,
    };
  } catch (e) {
    // Normalise foreign abort errors (DOMException 'AbortError' from a runner) to ours.
    if (signal?.aborted && !(e instanceof AbortError) && !(e instanceof NonFiniteLatentsError)) throw new AbortError();
    throw e;
  } finally {
    sops.release();
    watch?.release();
    for (const x of live) ops.dispose(x);
    live.clear();
  }
}
