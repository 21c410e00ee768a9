import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifierFreeGuidance, classifierFreeGuidanceBatched } from './classifierFreeGuidance';

describe('classifierFreeGuidance', () => {
  it('matches u + s (c - u) computed in float64 to float32 precision', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.float({ min: -10, max: 10, noNaN: true }), fc.float({ min: -10, max: 10, noNaN: true })), { minLength: 1, maxLength: 32 }),
      fc.double({ min: 0, max: 15, noNaN: true }),
      (pairs, scale) => {
        const u = Float32Array.from(pairs, (p) => p[0]);
        const c = Float32Array.from(pairs, (p) => p[1]);
        const out = classifierFreeGuidance(u, c, scale);
        for (let i = 0; i < u.length; i++) {
          const ref = u[i] + scale * (c[i] - u[i]);
          expect(Math.abs(out[i] - ref)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref)) * (1 + scale));
        }
      }));
  });

  it('scale 1 gives cond, scale 0 gives uncond', () => {
    const u = Float32Array.from([1, -2, 3.5]);
    const c = Float32Array.from([0.25, 4, -1]);
    expect(classifierFreeGuidance(u, c, 1)).toEqual(c);
    expect(classifierFreeGuidance(u, c, 0)).toEqual(u);
  });

  it('splits a [uncond, cond] batch', () => {
    const batched = Float32Array.from([1, 2, 3, 5]);
    expect(Array.from(classifierFreeGuidanceBatched(batched, 3))).toEqual([1 + 3 * 2, 2 + 3 * 3]);
    expect(() => classifierFreeGuidance(new Float32Array(2), new Float32Array(3), 1)).toThrow(RangeError);
  });
});
