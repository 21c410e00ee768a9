/**
 * What one enhance run does: every queued face × every variation is one unit of work with its own seed.
 *
 * Seed derivation (recorded with each result and in the export manifest): units are ordered face-major —
 * face 0 variations 0…N−1, then face 1, … — and unit u gets `(baseSeed + u) mod 2^31`, i.e.
 * `baseSeed + facePosition·N + variation`. Every unit of a run has a distinct seed (for runs under 2^31
 * units), the same settings reproduce the same seeds, and with one variation it is `baseSeed + facePosition`,
 * the studio's derivation before variations existed.
 */

/** Results per source face that one run may ask for. */
export const MAX_VARIATIONS_PER_IDENTITY = 32;

/** Seeds stay in [0, 2^31) so they survive every RNG and the URL/manifest round trip unchanged. */
const SEED_MODULUS = 2 ** 31;

export interface EnhanceUnit {
  faceId: string;
  /** 0-based variation index of this face in this run. */
  variation: number;
  seed: number;
}

/** Clamps a requested count to 1…MAX_VARIATIONS_PER_IDENTITY (non-numbers become 1). */
export function clampVariations(n: number): number {
  if (!Number.isFinite(n)) return 1;
  return Math.max(1, Math.min(MAX_VARIATIONS_PER_IDENTITY, Math.round(n)));
}

/** The seed of variation `variation` of the face at `facePosition` in the queue (see the file header). */
export function variationSeed(baseSeed: number, facePosition: number, variation: number, variationsPerFace: number): number {
  return (((baseSeed + facePosition * variationsPerFace + variation) % SEED_MODULUS) + SEED_MODULUS) % SEED_MODULUS;
}

/** Every unit of a run, face-major, in the order the queue runs them. */
export function enhanceUnits(faceIds: readonly string[], baseSeed: number, variationsPerFace: number): EnhanceUnit[] {
  const n = clampVariations(variationsPerFace);
  const units: EnhanceUnit[] = [];
  faceIds.forEach((faceId, i) => {
    for (let k = 0; k < n; k++) units.push({ faceId, variation: k, seed: variationSeed(baseSeed, i, k, n) });
  });
  return units;
}
