/**
 * Parity with insightface `estimate_norm` / `norm_crop` (scikit-image 0.19.3, OpenCV 4.6.0) on every
 * case in `fixtures/align` (tolerances from `fixtures/README.md`).
 */
import { describe, expect, it } from 'vitest';
import { alignToArcFaceTemplate } from './alignToArcFaceTemplate';
import { ARCFACE_TEMPLATE_112 } from './arcFaceTemplate';
import { arcFaceInputTensor } from './arcFaceInputTensor';
import { affine2x3, landmarks5, type SourcePx } from './coordinateSpaces';
import { estimateArcFaceAlignment } from './estimateArcFaceAlignment';
import type { ImageU8 } from './imageRaster';
import { fixturePath, readSafetensors, tensor } from './testSafetensors.test-util';
import { warpAffineBilinear } from './warpAffineBilinear';
import { warpAffineBilinearU8 } from './warpAffineBilinearU8';

const file = readSafetensors(fixturePath('align/align.safetensors'));
const img = tensor(file, 'image', 'U8');
const image: ImageU8 = { data: img.data, height: img.shape[0], width: img.shape[1], channels: 3 };
const cases = [...file.keys()].filter((k) => /^lmk_\d+$/.test(k)).map((k) => Number(k.slice(4))).sort((a, b) => a - b);

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0, sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

describe('ArcFace alignment parity (fixtures/align)', () => {
  it('covers all six landmark sets', () => {
    expect(cases).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('template equals insightface arcface_dst (float32)', () => {
    expect(ARCFACE_TEMPLATE_112.flat()).toEqual(Array.from(tensor(file, 'arcface_dst', 'F32').data));
  });

  for (const i of cases) {
    describe(`case ${i}`, () => {
      const lmk = landmarks5<SourcePx>(tensor(file, `lmk_${i}`, 'F32').data);
      const ref = tensor(file, `M_${i}`, 'F64').data;

      for (const arithmetic of ['skimage-float32', 'float64'] as const) {
        it(`estimate_norm matrix (${arithmetic}): linear ≤ 1e-5, translation ≤ 1e-4`, () => {
          const m = estimateArcFaceAlignment(lmk, 112, arithmetic);
          for (const j of [0, 1, 3, 4]) expect(Math.abs(m[j] - ref[j])).toBeLessThanOrEqual(1e-5);
          for (const j of [2, 5]) expect(Math.abs(m[j] - ref[j])).toBeLessThanOrEqual(1e-4);
        });
      }

      it('norm_crop uint8 is bit-exact with cv2.warpAffine', () => {
        const { image: crop } = alignToArcFaceTemplate(image, lmk, 112);
        const want = tensor(file, `warped_cv2_${i}`, 'U8').data;
        expect(crop.width).toBe(112);
        expect(crop.height).toBe(112);
        expect(maxAbs(crop.data, want).max).toBe(0);
      });

      it('uint8 warp with the stored M is bit-exact too', () => {
        const crop = warpAffineBilinearU8(image, affine2x3(ref), 112, 112);
        expect(maxAbs(crop.data, tensor(file, `warped_cv2_${i}`, 'U8').data).max).toBe(0);
      });

      if (file.has(`warped_exact_bilinear_${i}`)) {
        it('float warp matches exact bilinear (max abs ≤ 1e-3) and stays near cv2 (≤ 5, mean ≤ 0.3)', () => {
          const f = warpAffineBilinear(image, affine2x3(ref), 112, 112);
          expect(maxAbs(f.data, tensor(file, `warped_exact_bilinear_${i}`, 'F32').data).max).toBeLessThanOrEqual(1e-3);
          const vsCv = maxAbs(f.data, tensor(file, `warped_cv2_${i}`, 'U8').data);
          expect(vsCv.max).toBeLessThanOrEqual(5);
          expect(vsCv.mean).toBeLessThanOrEqual(0.3);
        });
      }
    });
  }

  it('ArcFace blob of warped_cv2_2 (BGR → RGB, (p − 127.5)/127.5, NCHW)', () => {
    const crop: ImageU8 = { data: tensor(file, 'warped_cv2_2', 'U8').data, width: 112, height: 112, channels: 3 };
    const blob = tensor(file, 'arcface_blob_2', 'F32');
    expect(blob.shape).toEqual([1, 3, 112, 112]);
    expect(maxAbs(arcFaceInputTensor(crop, 'bgr'), blob.data).max).toBeLessThanOrEqual(1e-6);
  });
});
