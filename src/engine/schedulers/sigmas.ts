/**
 * @file Karras-style noise levels sigma(t) = sqrt((1 - alpha_bar_t) / alpha_bar_t) as diffusers builds
 * them: a float32 torch expression over alphas_cumprod, then np.interp (float64) at the schedule's
 * timesteps, stored as float32.
 */
import { interpAtIndex } from './timesteps';

const f = Math.fround;

/** `[T]` float32 sigmas indexed by training timestep. */
export function trainingSigmas(alphasCumprod: Float32Array): Float32Array {
  return alphasCumprod.map((a) => f(Math.sqrt(f(f(1 - a) / a))));
}

/** sigmas at (possibly fractional) timesteps, then `finalSigma` appended: length N + 1, float32. */
export function scheduleSigmas(timesteps: ArrayLike<number>, trainSigmas: Float32Array, finalSigma: number): Float32Array {
  const out = new Float32Array(timesteps.length + 1);
  for (let i = 0; i < timesteps.length; i++) out[i] = interpAtIndex(timesteps[i], trainSigmas);
  out[timesteps.length] = finalSigma;
  return out;
}

/** Euler's init_noise_sigma: max sigma for linspace/trailing spacing, else sqrt(max^2 + 1) (float32). */
export function eulerInitNoiseSigma(sigmas: Float32Array, spacing: string): number {
  let max = -Infinity;
  for (const s of sigmas) max = Math.max(max, s);
  if (spacing === 'linspace' || spacing === 'trailing') return max;
  return f(Math.sqrt(f(f(max * max) + 1)));
}

/** sample / sqrt(sigma^2 + 1): the Euler-family `scale_model_input`. */
export function scaleBySigma(sample: Float32Array, sigma: number): Float32Array {
  const d = f(Math.sqrt(f(f(sigma * sigma) + 1)));
  const out = new Float32Array(sample.length);
  for (let i = 0; i < sample.length; i++) out[i] = sample[i] / d;
  return out;
}

/** x0 estimate of the Euler family for each prediction_type (sigma parameterisation). */
export function eulerPredictX0(predictionType: string, modelOutput: Float32Array, sample: Float32Array, sigma: number, who: string): Float32Array {
  const n = sample.length;
  if (predictionType === 'epsilon') {
    const x0 = new Float32Array(n);
    for (let i = 0; i < n; i++) x0[i] = sample[i] - f(sigma * modelOutput[i]);
    return x0;
  }
  if (predictionType === 'v_prediction') {
    const s2p1 = f(f(sigma * sigma) + 1);
    const c = f(-sigma / f(Math.sqrt(s2p1)));
    const x0 = new Float32Array(n);
    for (let i = 0; i < n; i++) x0[i] = f(modelOutput[i] * c) + f(sample[i] / s2p1);
    return x0;
  }
  if (predictionType === 'sample' && who === 'EulerDiscreteScheduler') return modelOutput;
  throw new Error(`${who}: prediction_type "${predictionType}" is not supported`);
}

/** {@link eulerPredictX0} as coefficients over (sample, model output). */
export function eulerX0Terms(predictionType: string, sigma: number, who: string): [number, number] {
  if (predictionType === 'epsilon') return [1, -sigma];
  if (predictionType === 'v_prediction') {
    const s2p1 = sigma * sigma + 1;
    return [1 / s2p1, -sigma / Math.sqrt(s2p1)];
  }
  if (predictionType === 'sample' && who === 'EulerDiscreteScheduler') return [0, 1];
  throw new Error(`${who}: prediction_type "${predictionType}" is not supported`);
}
