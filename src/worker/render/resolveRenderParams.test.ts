import { describe, expect, it } from 'vitest';
import { EYE_PALETTE, HAIR_PALETTE, IDENTITY_SHAPE_RANGES, identityParamsFromSeed, SKIN_TONE_PALETTE } from '../../engine/render/identityParams';
import { NEUTRAL_VARIATION, variationParamsFromSeed } from '../../engine/render/variationParams';
import { RenderParamError } from '../../engine/render/RenderParamError';
import { applyIdentityOverrides, identityFields, resolveIdentity, resolveVariation, rgbToHex, skinTonePosition, variationFields } from './resolveRenderParams';

describe('identity overrides', () => {
  it('without overrides is exactly the seeded identity', () => {
    expect(resolveIdentity(42, {})).toEqual(identityParamsFromSeed(42));
  });

  it('sets shape fields, clamped to the engine ranges, and leaves the others seeded', () => {
    const seeded = identityParamsFromSeed(7);
    const p = applyIdentityOverrides(seeded, { shape: { width: 1.05, jaw: 99 } });
    expect(p.shape.width).toBe(1.05);
    expect(p.shape.jaw).toBe(IDENTITY_SHAPE_RANGES.jaw[1]);
    expect(p.shape.noseWidth).toBe(seeded.shape.noseWidth);
    expect(seeded.shape.jaw).not.toBe(IDENTITY_SHAPE_RANGES.jaw[1]); // the input is not mutated
  });

  it('maps skin tone onto the Monk scale and keeps lips following the skin', () => {
    const seeded = identityParamsFromSeed(3);
    const dark = applyIdentityOverrides(seeded, { skinTone: 1 });
    expect(dark.skinTone).toEqual([...SKIN_TONE_PALETTE[SKIN_TONE_PALETTE.length - 1]]);
    expect(dark.lipColor[0]).toBeLessThan(seeded.lipColor[0]);
    expect(skinTonePosition(dark.skinTone)).toBe(1);
    expect(skinTonePosition(SKIN_TONE_PALETTE[0])).toBe(0);
  });

  it('sets eye and hair colours from the palettes; brows follow the hair', () => {
    const p = resolveIdentity(5, { eyeColor: 4, hairColor: 0 });
    expect(p.eyeColor).toEqual(EYE_PALETTE[4]);
    expect(p.hairColor).toEqual(HAIR_PALETTE[0]);
    expect(identityFields(p)).toMatchObject({ eyeColor: 4, hairColor: 0 });
  });

  it('rejects bad seeds, palette indices and unknown shape fields with a code', () => {
    expect(() => resolveIdentity(-1, {})).toThrow(RenderParamError);
    expect(() => resolveIdentity(1.5, {})).toThrow(/identitySeed must be an integer/);
    expect(() => resolveIdentity(1, { eyeColor: 6 })).toThrow(/eyeColor must be a palette index in 0..5/);
    expect(() => resolveIdentity(1, { shape: { ears: 1 } as never })).toThrow(/unknown face-shape field "ears"/);
    expect(() => resolveIdentity(1, { skinTone: Number.NaN })).toThrow(/finite/);
  });
});

describe('variation overrides', () => {
  it('null seed is the neutral variation; a seed is the seeded one', () => {
    expect(resolveVariation(null, {})).toEqual(NEUTRAL_VARIATION);
    expect(resolveVariation(9, {})).toEqual(variationParamsFromSeed(9));
  });

  it('round-trips its own fields: fields → overrides → same fields', () => {
    const f = variationFields(variationParamsFromSeed(11));
    const again = variationFields(resolveVariation(null, f));
    for (const [k, v] of Object.entries(f)) {
      if (typeof v === 'number') expect(again[k as keyof typeof again] as number).toBeCloseTo(v, 9);
      else expect(again[k as keyof typeof again]).toBe(v);
    }
  });

  it('changing the light azimuth keeps the elevation, and the reverse', () => {
    const base = variationFields(variationParamsFromSeed(21));
    const az = variationFields(resolveVariation(21, { lightAzimuth: 40 }));
    expect(az.lightAzimuth).toBeCloseTo(40, 9);
    expect(az.lightElevation).toBeCloseTo(base.lightElevation, 9);
    const el = variationFields(resolveVariation(21, { lightElevation: -20 }));
    expect(el.lightElevation).toBeCloseTo(-20, 9);
    expect(el.lightAzimuth).toBeCloseTo(base.lightAzimuth, 9);
  });

  it('sets light colour, background and pose; clamps light to its explicit ranges', () => {
    const v = resolveVariation(null, { lightWarmth: 1, lightIntensity: 0.5, background: '#ff0000', yaw: 10, smile: 0.5 });
    expect(v.light.color).toEqual([0.5 * 1.3, 0.5, 0.5 * 0.7]);
    expect(v.background).toEqual([1, 0, 0]);
    expect(v.yaw).toBe(10);
    expect(v.expression.smile).toBe(0.5);
    expect(v.expression.mouthOpen).toBe(0);
  });

  it('rejects malformed colours and non-finite numbers', () => {
    expect(() => resolveVariation(null, { background: 'red' })).toThrow(/background must be a colour/);
    expect(() => resolveVariation(null, { yaw: Number.POSITIVE_INFINITY })).toThrow(/yaw must be a finite number/);
  });

  it('writes colours as #rrggbb', () => {
    expect(rgbToHex([1, 0.5, 0])).toBe('#ff8000');
    expect(rgbToHex([2, -1, 0])).toBe('#ff0000');
  });
});
