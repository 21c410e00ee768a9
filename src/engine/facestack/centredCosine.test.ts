import { describe, expect, it } from 'vitest';
import { centredCosine, meanEmbedding } from './centredCosine';
import { identitySimilarity } from './identitySimilarity';

describe('centredCosine', () => {
  it('is the plain cosine without a mean, and subtracts the mean when given', () => {
    expect(centredCosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    // Non-negative vectors look similar until the shared offset is removed.
    expect(centredCosine([3, 1], [1, 3])).toBeCloseTo(0.6, 12);
    expect(centredCosine([3, 1], [1, 3], [2, 2])).toBeCloseTo(-1, 12);
    expect(centredCosine([2, 2], [1, 3], [2, 2])).toBe(0);
  });

  it('checks lengths', () => {
    expect(() => centredCosine([1], [1, 2])).toThrow(/differ in length/);
    expect(() => centredCosine([1, 2], [1, 2], [0])).toThrow(/mean has length 1/);
  });

  it('meanEmbedding averages element-wise', () => {
    expect(Array.from(meanEmbedding([[1, 2], [3, 6]]))).toEqual([2, 4]);
  });
});

describe('identitySimilarity', () => {
  it('labels the score with the model id', () => {
    const s = identitySimilarity([3, 1], [2, 3], [1, 1]);
    expect(s.modelId).toBe('hse-faceres@human-3.3.6');
    expect(s.text).toMatch(/^ID similarity 0\.\d\d \(HSE FaceRes via Human 3\.3\.6\)$/);
    expect(identitySimilarity([1, 0], [1, 0]).text).toBe('ID similarity 1.00 (HSE FaceRes via Human 3.3.6, uncentred)');
  });
});
