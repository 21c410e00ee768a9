/**
 * @file The runtime figures, measured the same way in Node and in a browser worker (the caller passes
 * its onnxruntime-web module): session creation from in-memory bytes, a bare UNet `session.run`, a full
 * sampler step (denoise loop: CFG batch, DPM-Solver++ step, host↔runtime tensor copies, NaN check), and
 * a large MatMul as the runtime's compute ceiling. Bare and sampler timings are interleaved so that a
 * slower phase of a noisy machine affects both sides of their ratio.
 */
import type * as Ort from 'onnxruntime-web';
import { denoise } from '../engine/pipeline/denoise';
import type { FloatTensor, ModelRunner } from '../engine/pipeline/modelRunner';
import { BENCH_BATCH, BENCH_LATENT, BENCH_MATMUL_N, BENCH_SCHEDULER_CONFIG, BENCH_SEQUENCE, BENCH_TEXT_WIDTH } from './benchPackConfig';
import { seededUniform } from './seededWeights';
import { measure, summarize, type Summary } from './stats';

type OrtModule = typeof Ort;

/** One model as bytes plus its external-data files (bytes in Node; bytes or URLs in a browser). */
export interface ModelBytes {
  model: Uint8Array;
  externalData?: { path: string; data: Uint8Array | string }[];
}

export interface RuntimeInputs {
  unet: ModelBytes;
  textEncoder: ModelBytes;
  vaeDecoder: ModelBytes;
  matmul: ModelBytes;
}

export interface RuntimeOptions {
  executionProvider: 'wasm' | 'webgpu';
  /** Untimed runs before timing (the first run also compiles kernels / allocates arenas). */
  warmup: number;
  runs: number;
  /** Steps of the timed sampler run (the first step is dropped as warm-up). */
  samplerSteps: number;
  /** Session creations per component for the bare-creation figure. */
  createRuns: number;
  /** Called at each sampler step (the page uses it to show progress while long tasks are watched). */
  onStep?: (done: number, total: number) => void;
  log?: (line: string) => void;
}

export interface RuntimeFigures {
  executionProvider: string;
  /** Bare InferenceSession.create of text encoder + UNet + VAE decoder from in-memory bytes, summed per round. */
  createAllMs: Summary;
  unetCreateMs: Summary;
  /** session.run on pre-built feeds (batch 2), outputs left where ORT put them. */
  unetRunMs: Summary;
  /** One denoise step with CFG, scheduler and copies, from a 1 + samplerSteps run. */
  samplerStepMs: Summary;
  /** n×n MatMul. */
  matmulMs: Summary;
  matmulFlops: number;
  /** Wall time of the whole sampler run (all steps, incl. setup and the final read-back). */
  samplerTotalMs: number;
  samplerStepsTimed: number;
  /** Browser only: cross-origin isolation and the thread count ORT was given (bench harness). */
  environment?: string;
}

/** Deterministic feeds: latents/text states in a realistic range. */
export function unetHostFeeds(): Record<string, FloatTensor> {
  const latent = BENCH_BATCH * 4 * BENCH_LATENT * BENCH_LATENT;
  const text = BENCH_BATCH * BENCH_SEQUENCE * BENCH_TEXT_WIDTH;
  return {
    sample: { dims: [BENCH_BATCH, 4, BENCH_LATENT, BENCH_LATENT], data: seededUniform(latent, 11, 1) },
    timestep: { dims: [BENCH_BATCH], data: new Float32Array(BENCH_BATCH).fill(501) },
    encoder_hidden_states: { dims: [BENCH_BATCH, BENCH_SEQUENCE, BENCH_TEXT_WIDTH], data: seededUniform(text, 12, 1) },
  };
}

async function create(ort: OrtModule, m: ModelBytes, ep: string): Promise<Ort.InferenceSession> {
  return ort.InferenceSession.create(m.model, { executionProviders: [ep], graphOptimizationLevel: 'all', externalData: m.externalData });
}

/** The pipeline's ModelRunner over one UNet session, converting like the worker's runFloat32. */
function unetRunner(ort: OrtModule, session: Ort.InferenceSession): ModelRunner {
  return {
    async run(_component, feeds) {
      const ortFeeds: Record<string, Ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, [...t.dims]);
      const out = await session.run(ortFeeds);
      const result: Record<string, FloatTensor> = {};
      for (const name of session.outputNames) result[name] = { dims: [...out[name].dims], data: (await out[name].getData(true)) as Float32Array };
      return result;
    },
  };
}

/** Measures every runtime figure with `ort` (already configured: thread count, wasm paths). */
export async function measureRuntimeFigures(ort: OrtModule, inputs: RuntimeInputs, opts: RuntimeOptions): Promise<RuntimeFigures> {
  const ep = opts.executionProvider;
  const log = opts.log ?? (() => undefined);

  // MatMul first: its session also pays the one-off runtime initialisation (wasm compile, device).
  const n = BENCH_MATMUL_N;
  const mm = await create(ort, inputs.matmul, ep);
  const x = new ort.Tensor('float32', seededUniform(n * n, 5, 1), [n, n]);
  const matmulMs = await measure(() => mm.run({ x }), { warmup: opts.warmup, runs: opts.runs * 2 });
  await mm.release();
  log(`${ep}: matmul ${matmulMs.median.toFixed(1)} ms`);

  const createAll: number[] = [];
  const unetCreate: number[] = [];
  let unet: Ort.InferenceSession | null = null;
  for (let r = 0; r < opts.createRuns; r++) {
    let sum = 0;
    for (const key of ['textEncoder', 'unet', 'vaeDecoder'] as const) {
      const t0 = performance.now();
      const s = await create(ort, inputs[key], ep);
      const ms = performance.now() - t0;
      sum += ms;
      if (key === 'unet') unetCreate.push(ms);
      if (key === 'unet' && r === opts.createRuns - 1) unet = s;
      else await s.release();
    }
    createAll.push(sum);
  }
  log(`${ep}: sessions created (${summarize(createAll).median.toFixed(0)} ms for all three)`);

  const timed = await timeUnetAndSampler(ort, unet!, opts);
  await unet!.release();
  return {
    executionProvider: ep,
    createAllMs: summarize(createAll),
    unetCreateMs: summarize(unetCreate),
    ...timed,
    matmulMs,
    matmulFlops: 2 * n ** 3,
  };
}

/** Bare-run and sampler-step timings of one UNet session (the part a worker API can call on its own session). */
export interface UnetTimings {
  unetRunMs: Summary;
  samplerStepMs: Summary;
  samplerTotalMs: number;
  samplerStepsTimed: number;
}

/**
 * Times bare `session.run` on fixed feeds, then a denoise run of `samplerSteps + 1` steps (first step
 * dropped), then bare runs again; bare samples from before and after are pooled.
 */
export async function timeUnetAndSampler(
  ort: OrtModule,
  unet: Ort.InferenceSession,
  opts: Pick<RuntimeOptions, 'warmup' | 'runs' | 'samplerSteps' | 'onStep' | 'log' | 'executionProvider'>,
): Promise<UnetTimings> {
  const ep = opts.executionProvider;
  const log = opts.log ?? (() => undefined);
  const host = unetHostFeeds();
  const feeds: Record<string, Ort.Tensor> = {};
  for (const [name, t] of Object.entries(host)) feeds[name] = new ort.Tensor('float32', t.data, [...t.dims]);
  const bare: number[] = [];
  const timeBare = async (runs: number) => {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await unet.run(feeds);
      bare.push(performance.now() - t0);
    }
  };
  for (let i = 0; i < opts.warmup; i++) await unet.run(feeds);
  await timeBare(Math.ceil(opts.runs / 2));
  log(`${ep}: bare UNet ${summarize(bare).median.toFixed(0)} ms`);

  // Sampler: steps + 1, the first step dropped (it is the only one that allocates the loop's buffers).
  const steps = opts.samplerSteps + 1;
  const stepTimes: number[] = [];
  let last = 0;
  const text = { dims: [1, BENCH_SEQUENCE, BENCH_TEXT_WIDTH], data: seededUniform(BENCH_SEQUENCE * BENCH_TEXT_WIDTH, 21, 1) };
  const uncond = { dims: text.dims, data: seededUniform(text.data.length, 22, 1) };
  const t0 = performance.now();
  await denoise({
    runner: unetRunner(ort, unet),
    schedulerConfig: BENCH_SCHEDULER_CONFIG,
    steps,
    guidance: 3,
    seed: 1234,
    cond: text,
    uncond,
    latentShape: [1, 4, BENCH_LATENT, BENCH_LATENT],
    onProgress: (p) => {
      const now = performance.now();
      if (p.done > 1) stepTimes.push(now - last);
      last = now;
      opts.onStep?.(p.done, p.total);
    },
  });
  const samplerTotalMs = performance.now() - t0;
  log(`${ep}: sampler ${summarize(stepTimes).median.toFixed(0)} ms/step`);

  await timeBare(Math.floor(opts.runs / 2) + 1);
  return { unetRunMs: summarize(bare), samplerStepMs: summarize(stepTimes), samplerTotalMs, samplerStepsTimed: stepTimes.length };
}

/**
 * One whole generation as a worker would run it: UNet and VAE decoder sessions created, `steps` denoise
 * steps (CFG batch, DPM-Solver++), then the VAE decode. The UI figure watches the page's main thread
 * while this runs in a worker with the app's thread count; its timings are not a figure of their own.
 */
export async function generateOnce(ort: OrtModule, inputs: Pick<RuntimeInputs, 'unet' | 'vaeDecoder'>, opts: { steps: number; onStep?: (done: number, total: number) => void }): Promise<{ ms: number }> {
  const t0 = performance.now();
  const unet = await create(ort, inputs.unet, 'wasm');
  const vae = await create(ort, inputs.vaeDecoder, 'wasm');
  try {
    const text = { dims: [1, BENCH_SEQUENCE, BENCH_TEXT_WIDTH], data: seededUniform(BENCH_SEQUENCE * BENCH_TEXT_WIDTH, 21, 1) };
    const { latents } = await denoise({
      runner: unetRunner(ort, unet),
      schedulerConfig: BENCH_SCHEDULER_CONFIG,
      steps: opts.steps,
      guidance: 3,
      seed: 1234,
      cond: text,
      uncond: { dims: text.dims, data: seededUniform(text.data.length, 22, 1) },
      latentShape: [1, 4, BENCH_LATENT, BENCH_LATENT],
      onProgress: (p) => opts.onStep?.(p.done, p.total),
    });
    await vae.run({ [vae.inputNames[0]]: new ort.Tensor('float32', latents.data, [...latents.dims]) });
  } finally {
    await unet.release();
    await vae.release();
  }
  return { ms: performance.now() - t0 };
}
