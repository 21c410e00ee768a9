/**
 * Seeded standard-normal generator for reproducible identity variation (pure; no global state).
 * Uniforms from mulberry32 (a 32-bit mixing generator by Tommy Ettinger), normals by Box–Muller.
 * Not torch's generator: Python and JS seeds give different numbers (method.md §b.10).
 */

/**
 * @param seed any 32-bit integer
 * @returns a function returning independent N(0, 1) samples; same seed → same sequence
 */
export function createSeededGaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    // 1 − u ∈ (0, 1] keeps the log finite.
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const phi = 2 * Math.PI * uniform();
    spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  };
}
