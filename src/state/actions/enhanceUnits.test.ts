import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampVariations, enhanceUnits, MAX_VARIATIONS_PER_IDENTITY, variationSeed } from './enhanceUnits';

describe('enhance units and their seeds', () => {
  it('orders units face-major with seed = base + position·N + variation', () => {
    expect(enhanceUnits(['a', 'b'], 100, 3)).toEqual([
      { faceId: 'a', variation: 0, seed: 100 },
      { faceId: 'a', variation: 1, seed: 101 },
      { faceId: 'a', variation: 2, seed: 102 },
      { faceId: 'b', variation: 0, seed: 103 },
      { faceId: 'b', variation: 1, seed: 104 },
      { faceId: 'b', variation: 2, seed: 105 },
    ]);
  });

  it('with one variation keeps the single-result derivation base + face position', () => {
    expect(enhanceUnits(['a', 'b', 'c'], 42, 1).map((u) => u.seed)).toEqual([42, 43, 44]);
  });

  it('wraps below 2^31', () => {
    expect(variationSeed(2 ** 31 - 2, 1, 1, 2)).toBe(1);
  });

  it('clamps the count to 1…32', () => {
    expect([0, -3, 1, 2.6, 32, 33, NaN].map(clampVariations)).toEqual([1, 1, 1, 3, 32, 32, 1]);
    expect(enhanceUnits(['a'], 0, 99)).toHaveLength(MAX_VARIATIONS_PER_IDENTITY);
  });

  it('gives every unit of a run a distinct seed in [0, 2^31)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 32 }), (base, faces, n) => {
        const units = enhanceUnits(Array.from({ length: faces }, (_, i) => `f${i}`), base, n);
        expect(units).toHaveLength(faces * n);
        expect(new Set(units.map((u) => u.seed)).size).toBe(units.length);
        for (const u of units) expect(u.seed >= 0 && u.seed < 2 ** 31 && Number.isInteger(u.seed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
