import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from './cosineSimilarity';
import { l2Norm, l2Normalize } from './l2Normalize';
import { slerp } from './slerp';

const D = 16;
const vec = fc
  .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: D, maxLength: D })
  .filter((v) => l2Norm(v) > 1e-3)
  .map((v) => l2Normalize(v));
const t01 = fc.double({ min: 0, max: 1, noNaN: true });

describe('slerp', () => {
  it('hits the endpoints', () => {
    fc.assert(
      fc.property(vec, vec, (a, b) => {
        const s0 = slerp(a, b, 0), s1 = slerp(a, b, 1);
        for (let i = 0; i < D; i++) {
          expect(s0[i]).toBeCloseTo(a[i], 6);
          expect(s1[i]).toBeCloseTo(b[i], 6);
        }
      }),
    );
  });

  it('returns unit vectors at constant angular speed: ∠(a, s) = t·θ and ∠(s, b) = (1−t)·θ', () => {
    fc.assert(
      fc.property(vec, vec, t01, (a, b, t) => {
        const s = slerp(a, b, t);
        expect(l2Norm(s)).toBeCloseTo(1, 6);
        const theta = Math.acos(cosineSimilarity(a, b));
        fc.pre(theta > 1e-2 && Math.PI - theta > 1e-2); // acos is ill-conditioned near 0 and π
        expect(cosineSimilarity(a, s)).toBeCloseTo(Math.cos(t * theta), 5);
        expect(cosineSimilarity(s, b)).toBeCloseTo(Math.cos((1 - t) * theta), 5);
      }),
    );
  });

  it('is the normalised lerp for nearly parallel inputs (θ < 1e-4)', () => {
    const a = l2Normalize([1, 0, 0, 0]);
    const b = l2Normalize([1, 1e-6, 0, 0]);
    const s = slerp(a, b, 0.5);
    expect(l2Norm(s)).toBeCloseTo(1, 7);
    expect(s[1]).toBeCloseTo(5e-7, 9);
    expect(Array.from(slerp(a, a, 0.3))).toEqual(Array.from(a));
  });

  it('is deterministic and well defined for antiparallel inputs', () => {
    fc.assert(
      fc.property(vec, t01, (a, t) => {
        const b = a.map((x) => -x);
        const s = slerp(a, b, t);
        expect(Array.from(slerp(a, b, t))).toEqual(Array.from(s));
        expect(l2Norm(s)).toBeCloseTo(1, 6);
        expect(cosineSimilarity(a, s)).toBeCloseTo(Math.cos(t * Math.PI), 5);
      }),
    );
  });

  it('rejects mismatched lengths and non-finite t', () => {
    expect(() => slerp([1, 0], [1, 0, 0], 0.5)).toThrow(/length/);
    expect(() => slerp([1, 0], [0, 1], Number.NaN)).toThrow(/finite/);
  });
});
