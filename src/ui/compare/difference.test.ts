import { describe, expect, it } from 'vitest';
import { computeDifference, differenceStats, type PixelsLike } from './difference';

/** A w×h image from a list of [r, g, b, a] pixels. */
function img(width: number, height: number, pixels: number[][]): PixelsLike {
  return { width, height, data: Uint8ClampedArray.from(pixels.flat()) };
}

describe('computeDifference', () => {
  const before = img(2, 1, [
    [10, 200, 30, 255],
    [0, 0, 0, 0],
  ]);
  const after = img(2, 1, [
    [14, 190, 30, 255],
    [255, 1, 100, 128],
  ]);

  it('takes |after − before| per channel, amplified and clamped, with opaque alpha', () => {
    const d = computeDifference(before, after, 4);
    expect(d.width).toBe(2);
    expect(d.height).toBe(1);
    expect(Array.from(d.data)).toEqual([16, 40, 0, 255, 255, 4, 255, 255]);
  });

  it('is symmetric and zero for identical images', () => {
    expect(Array.from(computeDifference(after, before, 4).data)).toEqual(Array.from(computeDifference(before, after, 4).data));
    expect(Array.from(computeDifference(before, before, 32).data)).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
  });

  it('defaults to ×4 and supports ×1 and fractional amplification', () => {
    expect(Array.from(computeDifference(before, after).data)).toEqual(Array.from(computeDifference(before, after, 4).data));
    expect(Array.from(computeDifference(before, after, 1).data)).toEqual([4, 10, 0, 255, 255, 1, 100, 255]);
    expect(computeDifference(before, after, 1.5).data[0]).toBe(6);
  });

  it('reuses an output buffer of the right size', () => {
    const out = new Uint8ClampedArray(8);
    expect(computeDifference(before, after, 2, out).data).toBe(out);
    expect(computeDifference(before, after, 2, new Uint8ClampedArray(4)).data).toHaveLength(8);
  });

  it('accepts plain Uint8Array input', () => {
    const a = { width: 1, height: 1, data: new Uint8Array([1, 2, 3, 4]) };
    const b = { width: 1, height: 1, data: new Uint8Array([3, 2, 1, 4]) };
    expect(Array.from(computeDifference(a, b, 10).data)).toEqual([20, 0, 20, 255]);
  });

  it('rejects mismatched sizes, short data and bad amplification', () => {
    expect(() => computeDifference(before, img(1, 1, [[0, 0, 0, 0]]))).toThrow(RangeError);
    expect(() => computeDifference(before, { width: 2, height: 1, data: new Uint8ClampedArray(4) })).toThrow(RangeError);
    expect(() => computeDifference(before, after, 0)).toThrow(RangeError);
    expect(() => computeDifference(before, after, Number.NaN)).toThrow(RangeError);
  });

  it('handles a 112×112 face', () => {
    const n = 112 * 112 * 4;
    const a = { width: 112, height: 112, data: new Uint8ClampedArray(n).fill(100) };
    const b = { width: 112, height: 112, data: new Uint8ClampedArray(n).fill(103) };
    const d = computeDifference(a, b, 4);
    expect(d.data[0]).toBe(12);
    expect(d.data[n - 1]).toBe(255);
  });
});

describe('differenceStats', () => {
  it('reports mean, max and changed fraction of the raw difference', () => {
    const a = img(2, 1, [
      [0, 0, 0, 255],
      [100, 100, 100, 255],
    ]);
    const b = img(2, 1, [
      [3, 0, 0, 255],
      [100, 150, 100, 255],
    ]);
    const s = differenceStats(a, b, 8);
    expect(s.meanAbs).toBeCloseTo(53 / 6, 12);
    expect(s.maxAbs).toBe(50);
    expect(s.changedFraction).toBe(0.5);
  });
  it('is zero for empty images', () => {
    expect(differenceStats(img(0, 0, []), img(0, 0, []))).toEqual({ meanAbs: 0, maxAbs: 0, changedFraction: 0 });
  });
});
