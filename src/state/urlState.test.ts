import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseUrlSettings, serializeUrlSettings } from './urlState';

describe('URL settings', () => {
  it('round-trips pack, seed, variations and controls', () => {
    const s = { packId: 'digiface-augment', seed: 1234, variations: 3, controls: { blur_sigma: 0.75, hue: -10 } };
    expect(serializeUrlSettings(s)).toBe('pack=digiface-augment&seed=1234&variations=3&c.blur_sigma=0.75&c.hue=-10');
    expect(parseUrlSettings('#' + serializeUrlSettings(s))).toEqual({ settings: s, ignored: [] });
  });

  it('carries the Arc2Face preview interval like any other control', () => {
    const s = { packId: 'arc2face-tiny', seed: 5, variations: 1, controls: { preview_every: 2, steps: 6 } };
    expect(serializeUrlSettings(s)).toBe('pack=arc2face-tiny&seed=5&variations=1&c.preview_every=2&c.steps=6');
    expect(parseUrlSettings(serializeUrlSettings(s)).settings.controls).toEqual({ preview_every: 2, steps: 6 });
  });

  it('accepts 1 to 32 variations and reports anything else', () => {
    expect(parseUrlSettings('#variations=32').settings.variations).toBe(32);
    expect(parseUrlSettings('#variations=1').settings.variations).toBe(1);
    for (const bad of ['0', '33', '2.5', '-1', 'x', '']) {
      const r = parseUrlSettings(`#variations=${bad}`);
      expect(r.settings.variations).toBeUndefined();
      expect(r.ignored).toEqual([`variations "${bad}" (1–32)`]);
    }
  });

  it('drops bad values and says what it ignored', () => {
    const r = parseUrlSettings('#pack=<script>&seed=-1&c.blur=abc&c.ok=1&evil=1');
    expect(r.settings).toEqual({ controls: { ok: 1 } });
    expect(r.ignored).toEqual(['pack name', 'seed "-1"', 'control "blur"', '"evil"']);
  });

  it('never throws and only yields finite numbers and safe names on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = parseUrlSettings(s);
        for (const [k, v] of Object.entries(r.settings.controls)) {
          expect(k).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
          expect(Number.isFinite(v)).toBe(true);
        }
        if (r.settings.seed !== undefined) expect(Number.isSafeInteger(r.settings.seed)).toBe(true);
        if (r.settings.variations !== undefined) expect(Number.isInteger(r.settings.variations) && r.settings.variations >= 1 && r.settings.variations <= 32).toBe(true);
        expect(Object.keys(r.settings.controls).length).toBeLessThanOrEqual(64);
      }),
      { numRuns: 2000 },
    );
  });
});
