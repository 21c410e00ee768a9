import { describe, expect, it } from 'vitest';
import { affine2x3 } from './coordinateSpaces';
import type { ImageU8 } from './imageRaster';
import { warpAffineBilinear } from './warpAffineBilinear';
import { warpAffineBilinearU8 } from './warpAffineBilinearU8';

function noiseImage(width: number, height: number, channels: 1 | 3 | 4, seed = 1): ImageU8 {
  const data = new Uint8Array(width * height * channels);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width, height, channels };
}

describe('warpAffineBilinear / warpAffineBilinearU8', () => {
  const img = noiseImage(9, 7, 3);

  it('identity M reproduces the image (both outputs)', () => {
    const id = affine2x3([1, 0, 0, 0, 1, 0]);
    expect(Array.from(warpAffineBilinear(img, id, 9, 7).data)).toEqual(Array.from(img.data));
    expect(Array.from(warpAffineBilinearU8(img, id, 9, 7).data)).toEqual(Array.from(img.data));
  });

  it('integer translation shifts pixels and fills the border with 0', () => {
    // M maps source → destination: destination (x, y) shows source (x − 2, y + 1).
    const m = affine2x3([1, 0, 2, 0, 1, -1]);
    for (const out of [warpAffineBilinear(img, m, 9, 7), warpAffineBilinearU8(img, m, 9, 7)]) {
      for (let y = 0; y < 7; y++) {
        for (let x = 0; x < 9; x++) {
          for (let k = 0; k < 3; k++) {
            const sx = x - 2, sy = y + 1;
            const want = sx >= 0 && sx < 9 && sy >= 0 && sy < 7 ? img.data[(sy * 9 + sx) * 3 + k] : 0;
            expect(out.data[(y * 9 + x) * 3 + k]).toBe(want);
          }
        }
      }
    }
  });

  it('half-pixel shift: float averages neighbours, u8 rounds that average half-up (15-bit fixed point)', () => {
    const m = affine2x3([1, 0, -0.5, 0, 1, 0]);
    const f = warpAffineBilinear(img, m, 8, 7);
    const u = warpAffineBilinearU8(img, m, 8, 7);
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 8; x++) {
        for (let k = 0; k < 3; k++) {
          const a = img.data[(y * 9 + x) * 3 + k], b = img.data[(y * 9 + x + 1) * 3 + k];
          expect(f.data[(y * 8 + x) * 3 + k]).toBe((a + b) / 2);
          expect(u.data[(y * 8 + x) * 3 + k]).toBe((a + b + 1) >> 1);
        }
      }
    }
  });

  it('blends with zero across the image edge (OpenCV constant border), alpha included', () => {
    const white: ImageU8 = { data: new Uint8Array(4 * 4 * 4).fill(255), width: 4, height: 4, channels: 4 };
    // Destination x = 0 samples source x = −0.25: 75 % of pixel 0, 25 % of the zero border.
    const m = affine2x3([1, 0, 0.25, 0, 1, 0]);
    const f = warpAffineBilinear(white, m, 4, 4);
    expect(f.data[0]).toBeCloseTo(191.25, 10);
    expect(f.data[3]).toBeCloseTo(191.25, 10); // alpha too
    expect(warpAffineBilinearU8(white, m, 4, 4).data[0]).toBe(191);
  });

  it('u8 output stays within 1 level of the float output for a rotation', () => {
    const big = noiseImage(40, 30, 1, 7);
    const c = Math.cos(0.3), s = Math.sin(0.3);
    const m = affine2x3([c, -s, 5, s, c, -3]);
    const f = warpAffineBilinear(big, m, 40, 30).data;
    const u = warpAffineBilinearU8(big, m, 40, 30).data;
    // 1/32-px coordinate rounding moves a sample ≤ 1/64 px: ≤ 255/64·√2 levels, plus rounding.
    for (let i = 0; i < f.length; i++) expect(Math.abs(u[i] - f[i])).toBeLessThanOrEqual(6.2);
  });

  it('rejects bad sizes', () => {
    expect(() => warpAffineBilinear({ ...img, width: 10 }, affine2x3([1, 0, 0, 0, 1, 0]), 2, 2)).toThrow(/data length/);
    expect(() => warpAffineBilinearU8(img, affine2x3([1, 0, 0, 0, 1, 0]), 0, 2)).toThrow(/output size/);
  });
});
