/**
 * @file Scheduler parity against a fixtures folder in the layout of fixtures/schedulers/<name>/
 * (fixtures/README.md, "schedulers/"): `scheduler_config.json`, `txt2img_stepsNN.safetensors`,
 * `img2img_stepsNN_strengthSSS.safetensors`, with shared `inputs.safetensors` (and optionally
 * `summary.json`) in the parent folder. Node-only; used by the parity test and `npm run parity`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readSafetensors } from '../io/safetensors';
import { createScheduler, img2imgStart, type SchedulePlan, type Scheduler } from '../engine/schedulers';
import { FixtureTensors, maxAbs, maxAbsValue, maxRel } from './fixtures';

const f = Math.fround;

/**
 * The fixtures' deterministic UNet stand-in, all in float32:
 * eps(x_in, t) = (0.5 * x_in) * c + s, c = f32(cos(t / 1000)), s = f32(0.1 * sin(t / 100)).
 */
export function epsStandIn(xIn: Float32Array, t: number): Float32Array {
  const c = f(Math.cos(t / 1000));
  const s = f(0.1 * Math.sin(t / 100));
  const out = new Float32Array(xIn.length);
  for (let i = 0; i < xIn.length; i++) out[i] = f(f(0.5 * xIn[i]) * c) + s;
  return out;
}

export type ParityMetric = 'exact' | 'abs' | 'rel';

export interface ParityCheck {
  readonly file: string;
  /** e.g. "timesteps", "step[3]", "trajectory". */
  readonly check: string;
  readonly metric: ParityMetric;
  readonly error: number;
  readonly tolerance: number;
  readonly pass: boolean;
}

export interface FolderParityReport {
  readonly folder: string;
  readonly className: string;
  readonly warnings: readonly string[];
  readonly checks: readonly ParityCheck[];
  readonly pass: boolean;
}

interface SummaryEntry { init_noise_sigma?: number; begin_index?: number | null; num_inference_steps_returned?: number }

function loadTensors(path: string): FixtureTensors {
  const bytes = readFileSync(path);
  return new FixtureTensors(path, readSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
}

function stepNoiseRow(inputs: FixtureTensors, k: number): Float32Array | undefined {
  return k < inputs.shape('step_noise')[0] ? inputs.row('step_noise', k) : undefined;
}

/**
 * Runs every check of one folder. Never throws on a numeric mismatch: failures are `pass: false`
 * entries (a thrown error — bad config, missing tensor — propagates).
 */
export function checkSchedulerFixtureFolder(
  dir: string,
  options: { inputsPath?: string; summaryPath?: string } = {},
): FolderParityReport {
  const folder = basename(dir);
  const inputsPath = options.inputsPath ?? [join(dir, 'inputs.safetensors'), join(dirname(dir), 'inputs.safetensors')].find(existsSync);
  if (!inputsPath) throw new Error(`no inputs.safetensors in ${dir} or its parent`);
  const inputs = loadTensors(inputsPath);
  const summaryPath = options.summaryPath ?? join(dirname(dir), 'summary.json');
  const summary = existsSync(summaryPath)
    ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as { schedulers?: Record<string, { txt2img?: Record<string, SummaryEntry>; img2img?: Record<string, SummaryEntry> }> }).schedulers?.[folder]
    : undefined;

  const { scheduler, warnings } = createScheduler(readFileSync(join(dir, 'scheduler_config.json'), 'utf8'));
  const checks: ParityCheck[] = [];
  const add = (file: string, check: string, metric: ParityMetric, error: number, tolerance: number) =>
    checks.push({ file, check, metric, error, tolerance, pass: error <= tolerance });

  // Shared schedule tensors: betas / alphas_cumprod (rel 1e-5).
  if (inputs.has('alphas_cumprod')) add(basename(inputsPath), 'alphas_cumprod', 'rel', maxRel(scheduler.alphasCumprod, inputs.float32('alphas_cumprod')), 1e-5);

  const files = readdirSync(dir).filter((n) => n.endsWith('.safetensors')).sort();
  for (const file of files) {
    const m = /^(txt2img|img2img)_steps(\d+)(?:_strength(\d+))?\.safetensors$/.exec(file);
    if (!m) continue;
    const steps = Number(m[2]);
    const fx = loadTensors(join(dir, file));
    const full = scheduler.setTimesteps(steps);
    let plan: SchedulePlan = full;
    let start: Float32Array;
    if (m[1] === 'img2img') {
      // strengthSSS: the strength in hundredths, e.g. 030 -> 0.3.
      const strength = Number(m[3]) / 100;
      const s = img2imgStart(full, strength, scheduler.order);
      plan = s.plan;
      const entry = summary?.img2img?.[String(strength)];
      if (entry?.num_inference_steps_returned !== undefined) add(file, 'num_inference_steps_returned', 'exact', Math.abs(s.numInferenceStepsReturned - entry.num_inference_steps_returned), 0);
      if (typeof entry?.begin_index === 'number') add(file, 'begin_index', 'exact', Math.abs(s.beginIndex - entry.begin_index), 0);
      add(file, 'latent_timestep', 'abs', Math.abs((s.latentTimestep ?? NaN) - fx.numbers('latent_timestep')[0]), 0);
      start = scheduler.addNoise(inputs.float32('img2img_clean_latents'), inputs.float32('img2img_noise'), plan, plan.beginIndex);
      add(file, 'noised_start', 'abs', maxAbs(start, fx.float32('noised_start')), 1e-5);
    } else {
      const xT = inputs.float32('x_T');
      start = xT.map((v) => v * plan.initNoiseSigma);
      const entry = summary?.txt2img?.[String(steps)];
      if (entry?.init_noise_sigma !== undefined) add(file, 'init_noise_sigma', 'rel', maxRel([plan.initNoiseSigma], [entry.init_noise_sigma]), 1e-5);
      const s0 = fx.row('samples', 0);
      add(file, 'samples[0]', 'abs', maxAbs(start, s0), 1e-5 * Math.max(1, maxAbsValue(s0)));
    }

    // Executed timesteps: integers exact, floats (Euler) 1e-4.
    const refT = fx.numbers('timesteps');
    const isInt = fx.tensor('timesteps').dtype === 'I64';
    add(file, 'timesteps', isInt ? 'exact' : 'abs', refT.length === plan.timesteps.length - plan.beginIndex ? maxAbs(plan.timesteps.subarray(plan.beginIndex), refT) : Infinity, isInt ? 0 : 1e-4);
    if (fx.has('sigmas')) add(file, 'sigmas', 'rel', plan.sigmas ? maxRel(plan.sigmas, fx.float32('sigmas')) : Infinity, 1e-5);

    checkSingleSteps(scheduler, plan, fx, inputs, file, add);
    checkTrajectory(scheduler, plan, start, fx, inputs, file, add);
  }
  return { folder, className: scheduler.className, warnings, checks, pass: checks.every((c) => c.pass) };
}

type Add = (file: string, check: string, metric: ParityMetric, error: number, tolerance: number) => void;

/** Each step fed the RECORDED sample/model output (state threaded from recorded inputs too). */
function checkSingleSteps(scheduler: Scheduler, plan: SchedulePlan, fx: FixtureTensors, inputs: FixtureTensors, file: string, add: Add): void {
  let state = scheduler.initialState(plan);
  const n = plan.timesteps.length - plan.beginIndex;
  let worstStep = 0; let worstStepTol = Infinity; let worstStepRatio = -1;
  let worstIn = 0; let worstEps = 0;
  for (let k = 0; k < n; k++) {
    const i = plan.beginIndex + k;
    const sample = fx.row('samples', k);
    const out = fx.row('model_outputs', k);
    if (fx.has('model_inputs')) {
      const xIn = scheduler.scaleModelInput(sample, plan, i);
      const refIn = fx.row('model_inputs', k);
      worstIn = Math.max(worstIn, maxRel(xIn, refIn));
      worstEps = Math.max(worstEps, maxAbs(epsStandIn(refIn, plan.timesteps[i]), out));
    }
    const noise = scheduler.stepConsumesNoise(plan, i) ? stepNoiseRow(inputs, k) : undefined;
    const r = scheduler.step(state, out, sample, plan, i, noise);
    state = r.state;
    const ref = fx.row('samples', k + 1);
    const err = maxAbs(r.prevSample, ref);
    const tol = 1e-5 * Math.max(1, maxAbsValue(ref));
    if (err / tol > worstStepRatio) { worstStepRatio = err / tol; worstStep = err; worstStepTol = tol; }
  }
  if (fx.has('model_inputs')) {
    add(file, 'scale_model_input', 'rel', worstIn, 1e-6);
    add(file, 'eps stand-in vs model_outputs', 'abs', worstEps, 1e-6);
  }
  add(file, `single steps (worst of ${n})`, 'abs', worstStep, worstStepTol);
}

/** Whole loop with our own eps stand-in from our own start, compared sample by sample. */
function checkTrajectory(scheduler: Scheduler, plan: SchedulePlan, start: Float32Array, fx: FixtureTensors, inputs: FixtureTensors, file: string, add: Add): void {
  let state = scheduler.initialState(plan);
  let sample = start;
  const n = plan.timesteps.length - plan.beginIndex;
  const samplesRef = fx.float32('samples');
  const tol = 1e-4 * Math.max(1, maxAbsValue(samplesRef));
  let worst = 0;
  for (let k = 0; k < n; k++) {
    const i = plan.beginIndex + k;
    const xIn = scheduler.scaleModelInput(sample, plan, i);
    const eps = epsStandIn(xIn, plan.timesteps[i]);
    const noise = scheduler.stepConsumesNoise(plan, i) ? stepNoiseRow(inputs, k) : undefined;
    const r = scheduler.step(state, eps, sample, plan, i, noise);
    state = r.state;
    sample = r.prevSample;
    worst = Math.max(worst, maxAbs(sample, fx.row('samples', k + 1)));
  }
  add(file, 'trajectory', 'abs', worst, tol);
}

/** One line per check kind with its worst error, for logs. */
export function summariseParity(report: FolderParityReport): string {
  const byCheck = new Map<string, { error: number; tolerance: number; pass: boolean }>();
  for (const c of report.checks) {
    const key = c.check.replace(/\(worst of \d+\)/, '').trim();
    const prev = byCheck.get(key);
    if (!prev || c.error / (c.tolerance || 1) > prev.error / (prev.tolerance || 1)) byCheck.set(key, { error: c.error, tolerance: c.tolerance, pass: c.pass && (prev?.pass ?? true) });
    else if (!c.pass) prev.pass = false;
  }
  const lines = [...byCheck].map(([k, v]) => `  ${v.pass ? 'ok  ' : 'FAIL'} ${k.padEnd(32)} max err ${v.error.toExponential(2)} (tol ${v.tolerance.toExponential(1)})`);
  return `${report.folder} (${report.className}): ${report.pass ? 'PASS' : 'FAIL'}\n${lines.join('\n')}`;
}
