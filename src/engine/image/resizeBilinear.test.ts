import { describe, expect, it } from 'vitest';
import { resizeBilinear, resizeRgba } from './resizeBilinear';

describe('resizeBilinear', () => {
  it('interpolates a horizontal ramp linearly at pixel centres and clamps the edges', () => {
    // 2×1 image: 0 and 200; doubled to 4×1 → centres map to x = -0.25, 0.25, 0.75, 1.25 → clamped 0, 50, 150, 200.
    const src = { rgba: Uint8ClampedArray.of(0, 0, 0, 255, 200, 200, 200, 255), width: 2, height: 1 };
    const r = resizeBilinear(src, 4, 1);
    expect([0, 1, 2, 3].map((i) => r.rgba[i * 4])).toEqual([0, 50, 150, 200]);
  });

  it('picks area averaging when shrinking', () => {
    const src = { rgba: new Uint8ClampedArray(4 * 4 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i >> 2) * 10)), width: 4, height: 4 };
    const r = resizeRgba(src, 2, 2);
    expect(r.rgba[0]).toBe(25); // mean of 0, 10, 40, 50
  });
});
