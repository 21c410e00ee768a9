import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampVariation } from './clampVariation';
import { NEUTRAL_VARIATION, VARIATION_RANGES, variationParamsFromSeed } from './variationParams';

const within = (v: number, [min, max]: readonly [number, number]) => expect(v >= min && v <= max).toBe(true);

describe('variationParamsFromSeed', () => {
  it('is deterministic and differs between seeds', () => {
    expect(variationParamsFromSeed(3)).toEqual(variationParamsFromSeed(3));
    expect(variationParamsFromSeed(3)).not.toEqual(variationParamsFromSeed(4));
  });

  it('keeps pose, expression, light and camera in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (s) => {
        const v = variationParamsFromSeed(s);
        const r = VARIATION_RANGES;
        within(v.yaw, r.yaw);
        within(v.pitch, r.pitch);
        within(v.roll, r.roll);
        within(v.expression.smile, r.smile);
        within(v.expression.mouthOpen, r.mouthOpen);
        within(v.expression.eyesClosed, r.eyesClosed);
        within(v.light.ambient, r.ambient);
        within(v.cameraDistance, r.cameraDistance);
        expect(Math.hypot(...v.light.direction)).toBeCloseTo(1, 12);
        for (const c of v.background) within(c, [0, 1]);
        expect(clampVariation(v)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('clampVariation pulls explicit values into range and rejects NaN', () => {
    const v = clampVariation({ ...NEUTRAL_VARIATION, yaw: 80, expression: { smile: 2, mouthOpen: -1, eyesClosed: 0.5 } });
    expect(v.yaw).toBe(VARIATION_RANGES.yaw[1]);
    expect(v.expression).toEqual({ smile: 1, mouthOpen: 0, eyesClosed: 0.5 });
    expect(() => clampVariation({ ...NEUTRAL_VARIATION, pitch: NaN })).toThrow(/pitch/);
  });
});
