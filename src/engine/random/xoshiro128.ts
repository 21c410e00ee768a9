/**
 * @file xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), seeded
 * with SplitMix32-style mixing. Only 32-bit integer operations (Math.imul, shifts, xor), which are
 * exactly specified in ECMAScript, so every engine (V8, SpiderMonkey, JavaScriptCore) produces the
 * same stream.
 */

/** Mutable generator state: four uint32 words, never all zero. */
export interface Xoshiro128State {
  s0: number;
  s1: number;
  s2: number;
  s3: number;
}

/** SplitMix32 step (Steele et al., "Fast splittable pseudorandom number generators", 32-bit variant). */
function splitMix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Seeds from a non-negative integer up to 2^53 - 1 (both 32-bit halves are mixed in, so seeds that
 * differ only above bit 31 give different streams).
 */
export function seedXoshiro128(seed: number): Xoshiro128State {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  let x = splitMix32(lo ^ splitMix32(hi));
  const s0 = x; x = splitMix32(x);
  const s1 = x; x = splitMix32(x);
  const s2 = x; x = splitMix32(x);
  const s3 = x;
  // The all-zero state is the only invalid one; SplitMix outputs make it practically impossible.
  return (s0 | s1 | s2 | s3) === 0 ? { s0: 1, s1, s2, s3 } : { s0, s1, s2, s3 };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Next uint32 of the stream (advances `st`). */
export function nextUint32(st: Xoshiro128State): number {
  const result = Math.imul(rotl(Math.imul(st.s1, 5), 7), 9) >>> 0;
  const t = st.s1 << 9;
  st.s2 ^= st.s0;
  st.s3 ^= st.s1;
  st.s1 ^= st.s2;
  st.s0 ^= st.s3;
  st.s2 ^= t;
  st.s3 = rotl(st.s3, 11);
  return result;
}

/** Uniform float64 in [0, 1) with 53 random bits (two draws: 27 high + 26 low bits). */
export function nextFloat64(st: Xoshiro128State): number {
  const a = nextUint32(st) >>> 5;
  const b = nextUint32(st) >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}
