import { describe, expect, it } from 'vitest';
import { mapSummary, measure, ratio, summarize } from './stats';

describe('summarize', () => {
  it('takes the middle value of an odd count', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
  });

  it('averages the two middle values of an even count', () => {
    expect(summarize([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, n: 4 });
  });

  it('handles one sample and does not reorder the input', () => {
    const xs = [2, 1];
    expect(summarize([7])).toEqual({ median: 7, min: 7, max: 7, n: 1 });
    summarize(xs);
    expect(xs).toEqual([2, 1]);
  });

  it('rejects empty and non-finite input', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(/not finite/);
  });
});

describe('ratio and mapSummary', () => {
  it('divides medians and bounds with the extreme ratios', () => {
    const r = ratio(summarize([10, 12, 14]), summarize([4, 5, 6]));
    expect(r.median).toBeCloseTo(12 / 5);
    expect(r.min).toBeCloseTo(10 / 6);
    expect(r.max).toBeCloseTo(14 / 4);
  });

  it('keeps min ≤ max under a decreasing map (ms → rate)', () => {
    const m = mapSummary(summarize([1, 2, 4]), (ms) => 1000 / ms);
    expect(m).toEqual({ median: 500, min: 250, max: 1000, n: 3 });
  });
});

describe('measure', () => {
  it('runs warm-up calls untimed and times the rest with the given clock', async () => {
    let t = 0;
    let calls = 0;
    const s = await measure(async () => { calls++; t += calls; }, { warmup: 2, runs: 3, now: () => t });
    expect(calls).toBe(5);
    expect(s).toEqual({ median: 4, min: 3, max: 5, n: 3 });
  });
});
