/**
 * @file Timestep spacings of diffusers v0.29.2 `set_timesteps` ("linspace" / "leading" / "trailing",
 * Table 2 of arXiv:2305.08891) and the numpy helpers they rely on, reproduced exactly
 * (np.linspace, np.arange with a float step, np.round = round-half-to-even, np.interp).
 */
import type { TimestepSpacing } from './config';

/** np.round / np.rint: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** np.linspace(start, stop, num) in float64 (endpoint included, last value exactly `stop`). */
export function npLinspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

/** np.arange(start, stop, step) for a float step: ceil((stop - start) / step) values start + i * step. */
export function npArange(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return Array.from({ length: n }, (_, i) => start + i * step);
}

/**
 * np.interp(x, arange(len(fp)), fp) in float64, for x inside [0, len - 1] (exact knots return fp[x]).
 */
export function interpAtIndex(x: number, fp: ArrayLike<number>): number {
  if (x <= 0) return fp[0];
  if (x >= fp.length - 1) return fp[fp.length - 1];
  const j = Math.floor(x);
  if (j === x) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / 1;
  return slope * (x - j) + fp[j];
}

/**
 * Integer timesteps of DDIMScheduler.set_timesteps (descending, length n).
 * linspace: round(linspace(0, T-1, n)); leading: arange(n) * (T // n) + steps_offset;
 * trailing: round(arange(T, 0, -T/n)) - 1.
 */
export function ddimTimesteps(spacing: TimestepSpacing, T: number, n: number, stepsOffset: number): number[] {
  if (spacing === 'linspace') return npLinspace(0, T - 1, n).map(roundHalfEven).reverse();
  if (spacing === 'leading') {
    const ratio = Math.floor(T / n);
    return Array.from({ length: n }, (_, i) => i * ratio).reverse().map((t) => t + stepsOffset);
  }
  if (spacing === 'trailing') return npArange(T, 0, -T / n).map((t) => roundHalfEven(t) - 1);
  throw new Error(`timestep_spacing "${String(spacing)}" is not supported; expected linspace, leading or trailing`);
}

/**
 * Timesteps of Euler(Ancestral)DiscreteScheduler.set_timesteps, as float32 values (descending).
 * Unlike DDIM, "linspace" is NOT rounded: fractional timesteps such as 957.375 reach the UNet.
 */
export function eulerTimesteps(spacing: TimestepSpacing, T: number, n: number, stepsOffset: number): number[] {
  if (spacing === 'linspace') return npLinspace(0, T - 1, n).map(Math.fround).reverse();
  return ddimTimesteps(spacing, T, n, stepsOffset);
}

/**
 * Integer timesteps of DPMSolverMultistepScheduler.set_timesteps: n + 1 points over
 * [0, lastTimestep) with the final one dropped (lastTimestep < T when lambda_min_clipped clips).
 */
export function dpmSolverTimesteps(
  spacing: TimestepSpacing, T: number, n: number, stepsOffset: number, lastTimestep: number,
): number[] {
  if (spacing === 'linspace') return npLinspace(0, lastTimestep - 1, n + 1).map(roundHalfEven).reverse().slice(0, -1);
  if (spacing === 'leading') {
    const ratio = Math.floor(lastTimestep / (n + 1));
    return Array.from({ length: n + 1 }, (_, i) => i * ratio).reverse().slice(0, -1).map((t) => t + stepsOffset);
  }
  if (spacing === 'trailing') return npArange(lastTimestep, 0, -T / n).map((t) => roundHalfEven(t) - 1);
  throw new Error(`timestep_spacing "${String(spacing)}" is not supported; expected linspace, leading or trailing`);
}

/**
 * LCMScheduler.set_timesteps: the distillation schedule `k-1, 2k-1, …` (k = T // original_steps,
 * `original_steps * strength` entries), reversed, sampled at floor(linspace(0, len, n, endpoint=False)).
 */
export function lcmTimesteps(T: number, n: number, originalSteps: number, strength = 1): number[] {
  if (originalSteps > T) throw new Error(`original_inference_steps ${originalSteps} cannot exceed num_train_timesteps ${T}`);
  if (n > T) throw new Error(`num_inference_steps ${n} cannot exceed num_train_timesteps ${T}`);
  const k = Math.floor(T / originalSteps);
  const count = Math.floor(originalSteps * strength);
  const origin = Array.from({ length: count }, (_, i) => (i + 1) * k - 1).reverse();
  if (Math.floor(origin.length / n) < 1) {
    throw new Error(`LCM: original_inference_steps x strength = ${count} is smaller than num_inference_steps ${n}`);
  }
  if (n > originalSteps) throw new Error(`LCM: num_inference_steps ${n} cannot exceed original_inference_steps ${originalSteps}`);
  // np.floor(np.linspace(0, len, n, endpoint=False)): the float product i * (len / n), floored.
  const step = origin.length / n;
  return Array.from({ length: n }, (_, i) => origin[Math.floor(i * step)]);
}
