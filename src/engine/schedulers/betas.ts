/**
 * @file Beta schedules and alphas_cumprod as diffusers v0.29.2 builds them (`__init__` of every
 * scheduler + `betas_for_alpha_bar`, `rescale_zero_terminal_snr`). diffusers keeps these tensors in
 * float32 while torch accumulates cumprod in float64 on CPU; we mirror that: float64 maths,
 * float32 storage (`Math.fround`) at the points where torch stores a float32 tensor.
 */
import type { BaseSchedulerConfig } from './config';

const f = Math.fround;

/**
 * torch.linspace(start, end, steps, dtype=float32) following the CPU kernel's scalar formula:
 * float32 step, the first half counted up from `start`, the second half down from `end`.
 */
export function linspaceFloat32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  if (steps === 1) { out[0] = start; return out; }
  const s = f(start);
  const e = f(end);
  const step = f(f(e - s) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    out[i] = i < halfway ? f(s + f(step * i)) : f(e - f(step * (steps - i - 1)));
  }
  return out;
}

/** `betas_for_alpha_bar(T)` with the cosine alpha-bar (squaredcos_cap_v2), max_beta 0.999; float64 then float32. */
export function squaredCosCapV2Betas(numTrainTimesteps: number, maxBeta = 0.999): Float32Array {
  const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * Math.PI / 2) ** 2;
  const out = new Float32Array(numTrainTimesteps);
  for (let i = 0; i < numTrainTimesteps; i++) {
    const t1 = i / numTrainTimesteps;
    const t2 = (i + 1) / numTrainTimesteps;
    out[i] = Math.min(1 - alphaBar(t2) / alphaBar(t1), maxBeta);
  }
  return out;
}

/** torch.cumprod on a float32 CPU tensor: float64 accumulator, float32 outputs. */
export function cumprodFloat32(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  let acc = 1;
  for (let i = 0; i < x.length; i++) { acc *= x[i]; out[i] = acc; }
  return out;
}

/** `rescale_zero_terminal_snr(betas)` (arXiv:2305.08891, Algorithm 1), in float32 as torch does. */
export function rescaleZeroTerminalSnr(betas: Float32Array): Float32Array {
  const n = betas.length;
  const alphas = betas.map((b) => f(1 - b));
  const sqrtBar = cumprodFloat32(alphas).map((a) => f(Math.sqrt(a)));
  const first = sqrtBar[0];
  const last = sqrtBar[n - 1];
  const scale = f(first / f(first - last));
  const bar = sqrtBar.map((v) => { const shifted = f(f(v - last) * scale); return f(shifted * shifted); });
  const out = new Float32Array(n);
  out[0] = f(1 - bar[0]);
  for (let i = 1; i < n; i++) out[i] = f(1 - f(bar[i] / bar[i - 1]));
  return out;
}

/** The `[T]` float32 betas of a config (trained_betas > beta_schedule), zero-SNR rescaled if asked. */
export function betasFromConfig(config: BaseSchedulerConfig): Float32Array {
  const T = config.num_train_timesteps;
  let betas: Float32Array;
  if (config.trained_betas !== null) {
    betas = Float32Array.from(config.trained_betas);
  } else if (config.beta_schedule === 'linear') {
    betas = linspaceFloat32(config.beta_start, config.beta_end, T);
  } else if (config.beta_schedule === 'scaled_linear') {
    betas = linspaceFloat32(Math.sqrt(config.beta_start), Math.sqrt(config.beta_end), T).map((x) => f(x * x));
  } else if (config.beta_schedule === 'squaredcos_cap_v2') {
    betas = squaredCosCapV2Betas(T);
  } else {
    throw new Error(`beta_schedule "${String(config.beta_schedule)}" is not implemented; expected linear, scaled_linear or squaredcos_cap_v2`);
  }
  return config.rescale_betas_zero_snr ? rescaleZeroTerminalSnr(betas) : betas;
}

/**
 * `[T]` float32 alphas_cumprod = cumprod(1 - betas). With zero-SNR rescaling diffusers sets the last
 * value to 2^-24 so that sigma stays finite.
 */
export function alphasCumprodFromConfig(config: BaseSchedulerConfig): Float32Array {
  const betas = betasFromConfig(config);
  const ac = cumprodFloat32(betas.map((b) => f(1 - b)));
  if (config.rescale_betas_zero_snr) ac[ac.length - 1] = 2 ** -24;
  return ac;
}
