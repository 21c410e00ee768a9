import { describe, expect, it } from 'vitest';
import { alignToArcFaceTemplate } from './alignToArcFaceTemplate';
import { ARCFACE_TEMPLATE_112, arcFaceTemplateForSize } from './arcFaceTemplate';
import { applyAffine, landmarks5, type SourcePx } from './coordinateSpaces';
import { estimateArcFaceAlignment } from './estimateArcFaceAlignment';

describe('arcFaceTemplateForSize (insightface estimate_norm rule)', () => {
  it('112 is the template; 224 doubles it', () => {
    expect(arcFaceTemplateForSize(112)).toEqual(ARCFACE_TEMPLATE_112);
    arcFaceTemplateForSize(224).forEach((p, i) => {
      expect(p[0]).toBe(ARCFACE_TEMPLATE_112[i][0] * 2);
      expect(p[1]).toBe(ARCFACE_TEMPLATE_112[i][1] * 2);
    });
  });

  it('512 uses the 128 rule: ×4 and +32 px in x', () => {
    arcFaceTemplateForSize(512).forEach((p, i) => {
      expect(p[0]).toBeCloseTo(ARCFACE_TEMPLATE_112[i][0] * 4 + 32, 4);
      expect(p[1]).toBeCloseTo(ARCFACE_TEMPLATE_112[i][1] * 4, 4);
    });
  });

  it('rejects sizes insightface asserts against', () => {
    expect(() => arcFaceTemplateForSize(100)).toThrow(/multiple of 112 or 128/);
    expect(() => arcFaceTemplateForSize(0)).toThrow();
  });
});

describe('alignToArcFaceTemplate', () => {
  // A face twice the template size, rotated by 20° about (100, 100).
  const th = (20 * Math.PI) / 180;
  const lmk = landmarks5<SourcePx>(
    ARCFACE_TEMPLATE_112.map(([x, y]) => {
      const u = 2 * (x - 56), v = 2 * (y - 56);
      return [100 + Math.cos(th) * u - Math.sin(th) * v, 100 + Math.sin(th) * u + Math.cos(th) * v];
    }),
  );

  for (const size of [112, 512]) {
    it(`maps the landmarks onto the ${size}px template`, () => {
      const m = estimateArcFaceAlignment(lmk, size);
      const tpl = arcFaceTemplateForSize(size);
      lmk.forEach((p, i) => {
        const q = applyAffine(m, p);
        expect(q[0]).toBeCloseTo(tpl[i][0], 3);
        expect(q[1]).toBeCloseTo(tpl[i][1], 3);
      });
    });
  }

  it('returns a size×size crop with the input channel count (RGBA alpha 0 outside the source)', () => {
    const w = 200, h = 200;
    const data = new Uint8Array(w * h * 4).fill(200);
    const { image, matrix } = alignToArcFaceTemplate({ data, width: w, height: h, channels: 4 }, lmk, 512);
    expect([image.width, image.height, image.channels]).toEqual([512, 512, 4]);
    expect(image.data.length).toBe(512 * 512 * 4);
    expect(matrix[0]).toBeGreaterThan(0);
    // Crop centre is inside the source → opaque; the crop's corner (0,0) lies outside → transparent.
    const c = (256 * 512 + 256) * 4;
    expect(image.data[c + 3]).toBe(200);
    expect(image.data[3]).toBe(0);
  });
});
