/** @file Seeded uniform numbers for the `arc2face-tiny` random weights (reproducible, no Math.random). */

/** `n` values uniform in [−scale, scale] from a 32-bit LCG seeded with `seed`; same inputs → same values. */
export function seededUniform(n: number, seed: number, scale: number): Float32Array {
  let s = (seed * 2654435761) >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}
