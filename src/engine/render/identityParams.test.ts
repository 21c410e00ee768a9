import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BROW_THICKNESS_RANGE, HAIRLINE_RANGE, IDENTITY_SHAPE_RANGES, identityParamsFromSeed, type FaceShape } from './identityParams';

const seed = fc.integer({ min: 0, max: 0xffffffff });

describe('identityParamsFromSeed', () => {
  it('is deterministic and differs between seeds', () => {
    expect(identityParamsFromSeed(7)).toEqual(identityParamsFromSeed(7));
    expect(identityParamsFromSeed(7)).not.toEqual(identityParamsFromSeed(8));
  });

  it('keeps every parameter in its documented range', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const p = identityParamsFromSeed(s);
        for (const key of Object.keys(IDENTITY_SHAPE_RANGES) as (keyof FaceShape)[]) {
          const [min, max] = IDENTITY_SHAPE_RANGES[key];
          expect(p.shape[key]).toBeGreaterThanOrEqual(min);
          expect(p.shape[key]).toBeLessThanOrEqual(max);
        }
        expect(p.hairline).toBeGreaterThanOrEqual(HAIRLINE_RANGE[0]);
        expect(p.hairline).toBeLessThanOrEqual(HAIRLINE_RANGE[1]);
        expect(p.browThickness).toBeGreaterThanOrEqual(BROW_THICKNESS_RANGE[0]);
        expect(p.browThickness).toBeLessThanOrEqual(BROW_THICKNESS_RANGE[1]);
        for (const c of [p.skinTone, p.lipColor, p.eyeColor, p.hairColor, p.browColor]) {
          for (const ch of c) expect(ch >= 0 && ch <= 1).toBe(true);
        }
        // Skin is skin: red ≥ green ≥ blue (roughly), within the light–dark span of human tones.
        const [r, g, b] = p.skinTone;
        expect(r).toBeGreaterThanOrEqual(g - 0.02);
        expect(g).toBeGreaterThanOrEqual(b - 0.05);
        expect(r).toBeGreaterThan(0.12);
      }),
      { numRuns: 300 },
    );
  });

  it('covers light and dark skin tones across seeds', () => {
    const lum = Array.from({ length: 400 }, (_, i) => {
      const [r, g, b] = identityParamsFromSeed(i).skinTone;
      return (r + g + b) / 3;
    });
    expect(Math.min(...lum)).toBeLessThan(0.25);
    expect(Math.max(...lum)).toBeGreaterThan(0.85);
  });
});
