/**
 * Seeded PRNG (mulberry32) plus seed mixing, portable across JS engines.
 *
 * Why mulberry32: 32-bit state updated with Math.imul and unsigned shifts only, so Node and every browser
 * produce the same stream; quality is ample for sampling a few dozen face parameters per seed.
 */
import { dCos, dLog } from './deterministicMath';

export interface Rng {
  /** Uniform in [0, 1), multiples of 2^-32. */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Standard normal (Box–Muller on the deterministic log/cos). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** Creates a mulberry32 generator from any integer seed (taken modulo 2^32). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    normal: () => {
      const u = 1 - next(); // (0, 1], so the log is finite
      const v = next();
      return Math.sqrt(-2 * dLog(u)) * dCos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
  };
}

/** murmur3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Mixes two integers into a new 32-bit seed. Used to derive per-identity and per-variation seeds, e.g.
 * mixSeed(identitySeedBase, i), so neighbouring indices give unrelated streams. For a fixed `a` it is a
 * bijection in `b`, so the seeds of one identity set never collide.
 */
export function mixSeed(a: number, b: number): number {
  return fmix32((fmix32((a >>> 0) ^ 0x27d4eb2f) + Math.imul(b >>> 0, 0x9e3779b1)) >>> 0);
}
