import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRealismOffset } from './applyRealismOffset';
import { cosineSimilarity, dot } from './cosineSimilarity';
import { injectIdAtPlaceholder } from './injectIdAtPlaceholder';
import { l2Norm, l2Normalize } from './l2Normalize';
import { meanIdentityEmbedding } from './meanIdentityEmbedding';

describe('l2Normalize / cosineSimilarity', () => {
  it('normalises to unit length and keeps direction', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 64 }), (v) => {
        fc.pre(l2Norm(v) > 1e-6);
        const u = l2Normalize(v);
        expect(l2Norm(u)).toBeCloseTo(1, 6);
        expect(cosineSimilarity(u, v)).toBeCloseTo(1, 6);
      }),
    );
  });

  it('computes known cosines and rejects zero vectors', () => {
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([1, 2], [-2, -4])).toBeCloseTo(-1, 12);
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(() => l2Normalize([0, 0])).toThrow(/> 0/);
    expect(() => cosineSimilarity([0, 0], [1, 0])).toThrow(/zero/);
  });
});

describe('meanIdentityEmbedding', () => {
  it('weights each image equally regardless of its raw norm', () => {
    const m = meanIdentityEmbedding([[10, 0], [0, 0.1]]);
    expect(m[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('of one vector is that vector normalised; rejects empty, ragged and cancelling inputs', () => {
    expect(Array.from(meanIdentityEmbedding([[3, 4]]))).toEqual(Array.from(l2Normalize([3, 4])));
    expect(() => meanIdentityEmbedding([])).toThrow(/at least one/);
    expect(() => meanIdentityEmbedding([[1, 0], [1, 0, 0]])).toThrow(/length 3, expected 2/);
    expect(() => meanIdentityEmbedding([[1, 0], [-2, 0]])).toThrow();
  });
});

describe('injectIdAtPlaceholder', () => {
  const H = 6, L = 4;
  const tokens = Float32Array.from({ length: L * H }, (_, i) => i + 1);

  it('writes the normalised, zero-padded id row and leaves the input untouched', () => {
    const out = injectIdAtPlaceholder(tokens, 2, [3, 4], H);
    expect(Array.from(out.subarray(2 * H, 3 * H))).toEqual([0.6000000238418579, 0.800000011920929, 0, 0, 0, 0]);
    expect(Array.from(out.subarray(0, 2 * H))).toEqual(Array.from(tokens.subarray(0, 2 * H)));
    expect(Array.from(out.subarray(3 * H))).toEqual(Array.from(tokens.subarray(3 * H)));
    expect(tokens[2 * H]).toBe(2 * H + 1);
  });

  it('replaces every listed position; normalize=false writes the vector as given', () => {
    const out = injectIdAtPlaceholder(tokens, [0, 3], [3, 4], H, false);
    expect(Array.from(out.subarray(0, 2))).toEqual([3, 4]);
    expect(Array.from(out.subarray(3 * H, 3 * H + 2))).toEqual([3, 4]);
  });

  it('rejects an id wider than hidden, bad positions and no positions', () => {
    expect(() => injectIdAtPlaceholder(tokens, 0, new Float32Array(H + 1).fill(1), H)).toThrow(/> hidden/);
    expect(() => injectIdAtPlaceholder(tokens, L, [1], H)).toThrow(/outside/);
    expect(() => injectIdAtPlaceholder(tokens, [], [1], H)).toThrow(/no placeholder/);
  });
});

describe('applyRealismOffset', () => {
  it('adds λΔ per element (encoder-output, full tensor) and λ = 0 is the identity', () => {
    const c = Float32Array.from([1, 2, 3, 4]);
    const d = Float32Array.from([0.5, -1, 0, 2]);
    expect(Array.from(applyRealismOffset(c, d, 2, 'encoder-output'))).toEqual([2, 0, 3, 8]);
    expect(Array.from(applyRealismOffset(c, d, 0, 'encoder-output'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
  });

  it('broadcasts a single-token Δ over all tokens in encoder-output space only', () => {
    const c = new Float32Array(6); // 3 tokens × H = 2
    expect(Array.from(applyRealismOffset(c, Float32Array.from([1, -1]), 0.5, 'encoder-output'))).toEqual([0.5, -0.5, 0.5, -0.5, 0.5, -0.5]);
    expect(() => applyRealismOffset(c, Float32Array.from([1, -1]), 0.5, 'id-vector')).toThrow(/must equal/);
  });

  it('in id-vector space is linear in λ', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), (lambda) => {
        const e = l2Normalize([1, 2, 3]);
        const d = Float32Array.from([0.1, -0.2, 0.05]);
        const out = applyRealismOffset(e, d, lambda, 'id-vector');
        expect(dot(Array.from(out, (x, i) => x - e[i]), d) / dot(d, d)).toBeCloseTo(lambda, 5);
      }),
    );
  });

  it('rejects mismatched Δ and non-finite λ', () => {
    expect(() => applyRealismOffset(new Float32Array(5), new Float32Array(2), 1, 'encoder-output')).toThrow(/one token row/);
    expect(() => applyRealismOffset(new Float32Array(2), new Float32Array(2), Number.NaN, 'id-vector')).toThrow(/finite/);
  });
});
