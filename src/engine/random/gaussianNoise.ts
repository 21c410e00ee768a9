/**
 * @file Portable seeded Gaussian noise for latents and ancestral steps: xoshiro128** uniforms ->
 * Marsaglia's polar form of Box–Muller in float64 (no sin/cos, and log from portableLog) -> rounded
 * to float32. Only IEEE-exact operations (+ - * / sqrt) touch the values, so Node, browsers, WASM
 * and WebGPU hosts all get identical bits for the same seed. (It does not reproduce torch.randn's
 * stream; diffusers-identical noise would have to be supplied from outside.)
 */
import { portableLog } from './portableLog';
import { nextFloat64, seedXoshiro128, type Xoshiro128State } from './xoshiro128';

/** A stream of N(0, 1) float32 values. */
export interface GaussianGenerator {
  /** Next standard normal value (float64 before rounding; `fill` rounds to float32). */
  next(): number;
  /** Fills `out` with the next `out.length` values and returns it. */
  fill(out: Float32Array): Float32Array;
  /** `numel(shape)` fresh values. */
  sample(shape: readonly number[]): Float32Array;
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid shape ${JSON.stringify(shape)}`);
    n *= d;
  }
  return n;
}

/** Seeded generator; the polar method yields values in pairs, the spare is kept for the next call. */
export function createGaussianGenerator(seed: number): GaussianGenerator {
  const st: Xoshiro128State = seedXoshiro128(seed);
  let spare: number | null = null;
  const next = (): number => {
    if (spare !== null) { const v = spare; spare = null; return v; }
    for (;;) {
      const u = 2 * nextFloat64(st) - 1;
      const v = 2 * nextFloat64(st) - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue; // reject points outside the unit disc (~21.5 %)
      const factor = Math.sqrt((-2 * portableLog(s)) / s);
      spare = v * factor;
      return u * factor;
    }
  };
  const fill = (out: Float32Array): Float32Array => {
    for (let i = 0; i < out.length; i++) out[i] = next();
    return out;
  };
  return { next, fill, sample: (shape) => fill(new Float32Array(numel(shape))) };
}

/**
 * `numel(shape)` standard normal float32 values (row-major), e.g. initial latents
 * `gaussianNoise(seed, [1, 4, 64, 64])`. Same seed -> same values on every platform.
 */
export function gaussianNoise(seed: number, shape: readonly number[]): Float32Array {
  return createGaussianGenerator(seed).sample(shape);
}
