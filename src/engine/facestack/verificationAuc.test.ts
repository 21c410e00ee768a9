import { describe, expect, it } from 'vitest';
import { verificationAuc } from './verificationAuc';

/** O(n·m) definition, to check the rank-sum implementation against. */
function bruteAuc(g: number[], im: number[]): number {
  let s = 0;
  for (const a of g) for (const b of im) s += a > b ? 1 : a === b ? 0.5 : 0;
  return s / (g.length * im.length);
}

describe('verificationAuc', () => {
  it('is 1 for perfect separation, 0 for inverted, 0.5 for all ties', () => {
    expect(verificationAuc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(verificationAuc([0.1], [0.5, 0.6])).toBe(0);
    expect(verificationAuc([0.5, 0.5], [0.5])).toBe(0.5);
  });

  it('matches the pairwise definition with ties', () => {
    const g = [0.3, 0.7, 0.7, 0.2, 0.9, 0.5];
    const im = [0.1, 0.7, 0.3, 0.3, 0.6, 0.0, 0.5];
    expect(verificationAuc(g, im)).toBeCloseTo(bruteAuc(g, im), 12);
  });

  it('rejects empty or non-finite input', () => {
    expect(() => verificationAuc([], [1])).toThrow(/need genuine and impostor/);
    expect(() => verificationAuc([NaN], [1])).toThrow(/finite/);
  });
});
