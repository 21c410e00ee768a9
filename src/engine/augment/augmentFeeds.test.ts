import { describe, expect, it } from 'vitest';
import { AUGMENT_CONTROLS, AUGMENT_INPUTS } from './augmentControls';
import { augmentFeeds, augmentNoise, completeAugmentParams } from './augmentFeeds';
import { AUGMENT_PRESETS, DEFAULT_AUGMENT_PARAMS, NO_AUGMENTATION } from './augmentPresets';
import { DIGIFACE_PAPER_AUGMENTATIONS, sampleDigifaceAugmentParams } from './sampleDigifaceAugmentParams';

describe('augmentFeeds', () => {
  it('gives one [1] tensor per strength plus [1, 3, H, W] noise', () => {
    const feeds = augmentFeeds({ blur_sigma: 1.5 }, 3, { height: 5, width: 7 });
    expect(Object.keys(feeds).sort()).toEqual(['noise', ...AUGMENT_INPUTS].sort());
    expect(feeds.noise.dims).toEqual([1, 3, 5, 7]);
    expect(feeds.noise.data.length).toBe(105);
    expect(feeds.blur_sigma).toEqual({ dims: [1], data: Float32Array.of(1.5) });
    expect(feeds.downsample_factor.data[0]).toBe(1); // missing -> neutral
  });

  it('noise is seeded: same seed same bits, other seed other values, roughly N(0, 1)', () => {
    const a = augmentNoise(12, { height: 64, width: 64 });
    expect(augmentNoise(12, { height: 64, width: 64 })).toEqual(a);
    expect(augmentNoise(13, { height: 64, width: 64 })).not.toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('rejects unknown names, non-finite values and bad sizes, naming the valid choices', () => {
    expect(() => completeAugmentParams({ blur: 1 })).toThrow(/Unknown augmentation "blur"; expected one of blur_sigma/);
    expect(() => completeAugmentParams({ hue: Number.NaN })).toThrow(/"hue" must be a finite number/);
    expect(() => augmentFeeds({}, 1, { height: 0, width: 4 })).toThrow(RangeError);
    expect(() => augmentFeeds({}, -1, { height: 4, width: 4 })).toThrow(RangeError);
  });
});

describe('presets and controls', () => {
  it('every preset value lies within its slider range and `none` is all neutral', () => {
    for (const preset of Object.values(AUGMENT_PRESETS))
      for (const c of AUGMENT_CONTROLS) {
        expect(preset[c.input]).toBeGreaterThanOrEqual(c.min);
        expect(preset[c.input]).toBeLessThanOrEqual(c.max);
      }
    for (const c of AUGMENT_CONTROLS) expect(NO_AUGMENTATION[c.input]).toBe(c.neutral);
    expect(DEFAULT_AUGMENT_PARAMS).toBe(AUGMENT_PRESETS.mild);
  });
});

describe('sampleDigifaceAugmentParams', () => {
  it('is deterministic and applies each augmentation about as often as the paper says', () => {
    expect(sampleDigifaceAugmentParams(5)).toEqual(sampleDigifaceAugmentParams(5));
    const N = 20000;
    const on = new Array(DIGIFACE_PAPER_AUGMENTATIONS.length).fill(0);
    for (let seed = 0; seed < N; seed++) {
      const p = sampleDigifaceAugmentParams(seed);
      DIGIFACE_PAPER_AUGMENTATIONS.forEach((aug, i) => {
        const names = Object.keys(aug.ranges) as (keyof typeof p)[];
        if (names.some((n) => p[n] !== NO_AUGMENTATION[n])) on[i]++;
        for (const n of names) {
          const [lo, hi] = aug.ranges[n]!;
          if (p[n] !== NO_AUGMENTATION[n]) expect(p[n] >= lo && p[n] <= hi).toBe(true);
        }
      });
    }
    DIGIFACE_PAPER_AUGMENTATIONS.forEach((aug, i) => {
      const sd = Math.sqrt((aug.p * (1 - aug.p)) / N);
      expect(Math.abs(on[i] / N - aug.p)).toBeLessThan(5 * sd + 1e-3);
    });
  });
});
