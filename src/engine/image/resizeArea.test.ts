import { describe, expect, it } from 'vitest';
import { fitWithin, resizeArea } from './resizeArea';

describe('resizeArea', () => {
  it('averages 2×2 blocks exactly when halving', () => {
    const rgba = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([i * 10, 255 - i * 10, 7, 255], i * 4);
    const r = resizeArea({ rgba, width: 4, height: 4 }, 2, 2);
    // Top-left output = mean of pixels 0, 1, 4, 5 → R = (0 + 10 + 40 + 50) / 4 = 25.
    expect([...r.rgba.slice(0, 4)]).toEqual([25, 230, 7, 255]);
    expect(r.width).toBe(2);
  });

  it('keeps a constant image constant at non-integer ratios', () => {
    const rgba = new Uint8ClampedArray(7 * 5 * 4).fill(123);
    const r = resizeArea({ rgba, width: 7, height: 5 }, 3, 2);
    expect(new Set(r.rgba)).toEqual(new Set([123]));
  });

  it('fits within a box without upscaling', () => {
    expect(fitWithin(1000, 500, 128)).toEqual({ width: 128, height: 64 });
    expect(fitWithin(112, 112, 128)).toEqual({ width: 112, height: 112 });
  });
});
