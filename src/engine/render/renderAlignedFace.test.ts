import { describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE_112, arcFaceTemplate } from './arcFaceTemplate';
import { identityParamsFromSeed } from './identityParams';
import { meanDistance, renderAlignedFace } from './renderAlignedFace';
import { NEUTRAL_VARIATION, variationParamsFromSeed, type VariationParams } from './variationParams';

/** Mean sRGB colour of the 3×3 block around (x, y). */
function patch(rgba: Uint8ClampedArray, width: number, x: number, y: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const i = 4 * ((Math.round(y) + dy) * width + Math.round(x) + dx);
      for (let c = 0; c < 3; c++) out[c] += rgba[i + c] / 9 / 255;
    }
  }
  return out;
}
const luma = ([r, g, b]: readonly number[]) => 0.299 * r + 0.587 * g + 0.114 * b;
const chroma = ([r, g, b]: readonly number[]) => {
  const s = r + g + b || 1;
  return [r / s, g / s, b / s];
};

/** Random variation with the pose limited to a frontal-ish cone (the nose's depth makes the fit residual grow ≈ 0.14 px per degree). */
function frontalish(seed: number): VariationParams {
  const v = variationParamsFromSeed(seed);
  return { ...v, yaw: Math.max(-10, Math.min(10, v.yaw)), pitch: Math.max(-5, Math.min(5, v.pitch)) };
}

describe('renderAlignedFace', () => {
  it('lands the 5 landmarks within 2 px (mean) of the ArcFace template for frontal-ish random variations', () => {
    for (let k = 0; k < 16; k++) {
      const face = renderAlignedFace(identityParamsFromSeed(300 + k), frontalish(700 + k), 112, 1);
      expect(face.width).toBe(112);
      expect(meanDistance(face.landmarks5, ARCFACE_TEMPLATE_112)).toBeLessThan(2);
      expect(face.templateError).toBeCloseTo(meanDistance(face.landmarks5, ARCFACE_TEMPLATE_112), 10);
    }
  });

  it('keeps the mean template error under 2 px over the full sampled pose range', () => {
    let sum = 0;
    const n = 16;
    for (let k = 0; k < n; k++) sum += renderAlignedFace(identityParamsFromSeed(k), variationParamsFromSeed(50 + k), 112, 1).templateError;
    expect(sum / n).toBeLessThan(2);
  });

  it('scales the template for 512 crops', () => {
    const face = renderAlignedFace(identityParamsFromSeed(4), NEUTRAL_VARIATION, 512, 1);
    expect(face.width).toBe(512);
    expect(face.rgba.length).toBe(512 * 512 * 4);
    expect(meanDistance(face.landmarks5, arcFaceTemplate(512))).toBeLessThan(2 * (512 / 112));
  });

  it('looks like a face: skin at the cheeks, dark eyes, background distinct from the face', () => {
    for (const seed of [21, 22, 23, 24, 25, 26]) {
      const id = identityParamsFromSeed(seed);
      const v: VariationParams = { ...variationParamsFromSeed(seed), yaw: 0, pitch: 0, expression: { smile: 0, mouthOpen: 0, eyesClosed: 0 } };
      const { rgba, width } = renderAlignedFace(id, v, 112);
      const t = ARCFACE_TEMPLATE_112;
      // Cheeks: below the eyes, outside the nose, above the mouth corners.
      const cheeks = [patch(rgba, width, t[0][0] - 6, 76), patch(rgba, width, t[1][0] + 6, 76)];
      const skin = chroma(id.skinTone);
      for (const c of cheeks) {
        const k = chroma(c);
        // Same hue family as the skin albedo (light colour and shading shift it only a little).
        for (let ch = 0; ch < 3; ch++) expect(Math.abs(k[ch] - skin[ch])).toBeLessThan(0.06);
        expect(c[0]).toBeGreaterThanOrEqual(c[2]);
      }
      const cheekLuma = Math.min(...cheeks.map(luma));
      // Around each eye landmark there is pupil/iris clearly darker than both cheeks (the 3×3 minimum,
      // because a frontal light can put the catchlight right on the pupil's centre pixel).
      for (const eye of [t[0], t[1]]) {
        let darkest = 1;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const i = 4 * ((Math.round(eye[1]) + dy) * width + Math.round(eye[0]) + dx);
            darkest = Math.min(darkest, luma([rgba[i] / 255, rgba[i + 1] / 255, rgba[i + 2] / 255]));
          }
        }
        expect(darkest).toBeLessThan(0.8 * cheekLuma);
      }
      // Background (top corners, outside the head) differs from the face centre.
      const corner = patch(rgba, width, 2, 2);
      const face = patch(rgba, width, t[2][0], t[2][1] - 8);
      const diff = Math.abs(corner[0] - face[0]) + Math.abs(corner[1] - face[1]) + Math.abs(corner[2] - face[2]);
      expect(diff).toBeGreaterThan(0.08);
    }
  });
});
