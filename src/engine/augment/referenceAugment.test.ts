import { describe, expect, it } from 'vitest';
import { invert3x3, RGB_TO_YCBCR, YCBCR_TO_RGB } from './augmentConstants';
import {
  downUpSample,
  gaussianBlur,
  gaussianKernel1d,
  hueRotationMatrix,
  jpegBlocking,
  motionBlur,
  motionBlurKernel,
  type RgbImage,
} from './referenceAugment';

const image = (h: number, w: number, fn: (c: number, y: number, x: number) => number): RgbImage => {
  const data = new Float32Array(3 * h * w);
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(c * h + y) * w + x] = fn(c, y, x);
  return { data, height: h, width: w };
};
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('reference augmentations (properties independent of the graph)', () => {
  it('kernels are normalised and degenerate to a delta at strength 0', () => {
    expect(sum(gaussianKernel1d(1.7))).toBeCloseTo(1, 12);
    expect(Array.from(gaussianKernel1d(0))).toEqual(Array.from({ length: 17 }, (_, i) => (i === 8 ? 1 : 0)));
    expect(sum(motionBlurKernel(9, 40))).toBeCloseTo(1, 12);
    expect(motionBlurKernel(0, 40)[7 * 15 + 7]).toBe(1);
  });

  it('a horizontal motion blur only mixes along rows', () => {
    const k = motionBlurKernel(10, 0);
    const rowMass = sum(k.subarray(7 * 15, 8 * 15));
    expect(rowMass).toBeGreaterThan(0.75); // σ_across = 0.5 px keeps ~80 % in the centre row
    const stripes = image(16, 16, (_c, y) => (y % 2 ? 1 : 0));
    const vertical = motionBlur(stripes, 10, 90);
    const horizontal = motionBlur(stripes, 10, 0);
    // Along the stripes the contrast survives (only the 0.5 px cross-σ leaks); across them it averages out.
    expect(horizontal.data[9 * 16 + 8] - horizontal.data[8 * 16 + 8]).toBeGreaterThan(0.5);
    expect(Math.abs(vertical.data[8 * 16 + 8] - 0.5)).toBeLessThan(0.1);
  });

  it('blur keeps a constant image constant (edges replicated, no darkening)', () => {
    const flat = image(10, 12, () => 0.6);
    for (const v of gaussianBlur(flat, 2.5).data) expect(v).toBeCloseTo(0.6, 6);
    for (const v of motionBlur(flat, 12, 33).data) expect(v).toBeCloseTo(0.6, 6);
  });

  it('hue rotation keeps greys and is a rotation', () => {
    const m = hueRotationMatrix(73);
    for (const row of m) expect(sum(row)).toBeCloseTo(1, 12);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(m[0][i] * m[0][j] + m[1][i] * m[1][j] + m[2][i] * m[2][j]).toBeCloseTo(i === j ? 1 : 0, 12);
    const back = hueRotationMatrix(-73);
    expect(back[0][1]).toBeCloseTo(m[1][0], 12);
  });

  it('JPEG blocking at strength 1 turns each 8×8 block into its mean; the colour matrices invert', () => {
    const img = image(16, 16, (c, y, x) => 0.2 + 0.03 * x + 0.01 * y + 0.05 * c);
    const out = jpegBlocking(img, 1);
    for (let c = 0; c < 3; c++) {
      let mean = 0;
      for (let y = 0; y < 8; y++) for (let x = 8; x < 16; x++) mean += img.data[(c * 16 + y) * 16 + x] / 64;
      for (let y = 0; y < 8; y++) for (let x = 8; x < 16; x++) expect(out.data[(c * 16 + y) * 16 + x]).toBeCloseTo(mean, 5);
    }
    const eye = invert3x3(YCBCR_TO_RGB).map((r, i) => r.map((v, j) => v - RGB_TO_YCBCR[i][j]));
    for (const r of eye) for (const v of r) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it('down-then-up sampling at factor 1 is the identity and removes detail at factor 2', () => {
    const img = image(12, 12, (_c, y, x) => ((x + y) % 2 ? 0.9 : 0.1));
    expect(downUpSample(img, 1).data).toEqual(img.data);
    const blurred = downUpSample(img, 2);
    for (const v of blurred.data) expect(Math.abs(v - 0.5)).toBeLessThan(1e-6); // 2×2 averages of a checkerboard
  });
});
