import { describe, expect, it } from 'vitest';
import { EYE_PALETTE, HAIR_PALETTE } from '../../engine/render/identityParams';
import { clampVariation } from '../../engine/render/clampVariation';
import { NEUTRAL_VARIATION } from '../../engine/render/variationParams';
import { MAX_BATCH_IMAGES } from '../../worker/render/renderBatch';
import { RENDER_SIZES } from '../../worker/render/checkRenderSize';
import { EXPLICIT_LIGHT_RANGES } from '../../worker/render/resolveRenderParams';
import { BATCH_LIMITS, EYE_COLOUR_NAMES, HAIR_COLOUR_NAMES, LIGHT_SLIDERS, RENDER_SIZE_OPTIONS } from './rendererControls';

describe('renderer panel controls agree with the worker and the engine', () => {
  it('names every palette entry', () => {
    expect(EYE_COLOUR_NAMES).toHaveLength(EYE_PALETTE.length);
    expect(HAIR_COLOUR_NAMES).toHaveLength(HAIR_PALETTE.length);
  });

  it('offers light sliders the worker accepts unclamped', () => {
    for (const s of LIGHT_SLIDERS) {
      const range = (EXPLICIT_LIGHT_RANGES as Record<string, readonly [number, number]>)[s.key];
      if (range) {
        expect(s.min, s.key).toBeGreaterThanOrEqual(range[0]);
        expect(s.max, s.key).toBeLessThanOrEqual(range[1]);
      }
    }
  });

  it('offers ambient and camera ranges the engine does not clamp', () => {
    const amb = LIGHT_SLIDERS.find((s) => s.key === 'ambient')!;
    const cam = LIGHT_SLIDERS.find((s) => s.key === 'cameraDistance')!;
    for (const ambient of [amb.min, amb.max]) expect(clampVariation({ ...NEUTRAL_VARIATION, light: { ...NEUTRAL_VARIATION.light, ambient } }).light.ambient).toBe(ambient);
    for (const cameraDistance of [cam.min, cam.max]) expect(clampVariation({ ...NEUTRAL_VARIATION, cameraDistance }).cameraDistance).toBe(cameraDistance);
  });

  it('uses the worker sizes and batch limit', () => {
    expect([...RENDER_SIZE_OPTIONS]).toEqual([...RENDER_SIZES]);
    expect(BATCH_LIMITS.images).toBe(MAX_BATCH_IMAGES);
  });
});
