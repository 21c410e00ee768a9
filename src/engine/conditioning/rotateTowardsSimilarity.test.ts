import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity, dot } from './cosineSimilarity';
import { createSeededGaussian } from './createSeededGaussian';
import { l2Norm } from './l2Normalize';
import { rotateTowardsSimilarity } from './rotateTowardsSimilarity';

const D = 32;
const vec = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: D, maxLength: D }).filter((v) => l2Norm(v) > 1e-3);
const cosT = fc.double({ min: -1, max: 1, noNaN: true });

describe('rotateTowardsSimilarity', () => {
  it('gives a unit vector with exactly the target cosine (seeded gaussian source)', () => {
    fc.assert(
      fc.property(vec, cosT, fc.integer(), (e, c, seed) => {
        const r = rotateTowardsSimilarity(e, c, createSeededGaussian(seed));
        expect(l2Norm(r)).toBeCloseTo(1, 6);
        expect(Math.abs(cosineSimilarity(r, e) - c)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts pre-drawn noise and is a pure function of it', () => {
    fc.assert(
      fc.property(vec, cosT, fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: D, maxLength: D }), (e, c, noise) => {
        fc.pre(l2Norm(noise) > 1e-3 && Math.abs(cosineSimilarity(noise, e)) < 0.999);
        const f32 = Float32Array.from(noise);
        const a = rotateTowardsSimilarity(e, c, f32);
        expect(Array.from(rotateTowardsSimilarity(e, c, Array.from(f32)))).toEqual(Array.from(a));
        expect(Math.abs(cosineSimilarity(a, e) - c)).toBeLessThanOrEqual(1e-6);
      }),
    );
  });

  it('same seed → same vector; different seeds → different directions', () => {
    const e = Array.from({ length: D }, (_, i) => Math.sin(i + 1));
    const a = rotateTowardsSimilarity(e, 0.8, createSeededGaussian(42));
    expect(Array.from(rotateTowardsSimilarity(e, 0.8, createSeededGaussian(42)))).toEqual(Array.from(a));
    const b = rotateTowardsSimilarity(e, 0.8, createSeededGaussian(43));
    expect(cosineSimilarity(a, b)).toBeLessThan(0.99);
  });

  it('the orthogonal component is spread uniformly: its mean over many seeds is ~0', () => {
    const e = new Float64Array(D);
    e[0] = 1;
    const mean = new Float64Array(D);
    const n = 2000;
    for (let s = 0; s < n; s++) {
      const r = rotateTowardsSimilarity(e, 0, createSeededGaussian(s));
      expect(Math.abs(dot(r, e))).toBeLessThan(1e-6);
      for (let i = 0; i < D; i++) mean[i] += r[i] / n;
    }
    // Each coordinate of a uniform unit vector in 31 dims has sd 1/√31; the mean of 2000 has sd ≈ 0.004.
    for (let i = 1; i < D; i++) expect(Math.abs(mean[i])).toBeLessThan(0.02);
  });

  it('rejects targets outside [−1, 1], noise of the wrong length, and noise parallel to e', () => {
    const e = [1, 0, 0];
    expect(() => rotateTowardsSimilarity(e, 1.5, createSeededGaussian(1))).toThrow(/\[-1, 1\]/);
    expect(() => rotateTowardsSimilarity(e, 0.5, [1, 2])).toThrow(/length 2, expected 3/);
    expect(() => rotateTowardsSimilarity(e, 0.5, [2, 0, 0])).toThrow(/orthogonal/);
  });
});

describe('createSeededGaussian', () => {
  it('has mean ≈ 0 and variance ≈ 1', () => {
    const g = createSeededGaussian(123);
    let s = 0, s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const x = g();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });
});
