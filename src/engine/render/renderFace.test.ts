import { describe, expect, it } from 'vitest';
import { identityParamsFromSeed } from './identityParams';
import { renderFace } from './renderFace';
import { NEUTRAL_VARIATION, variationParamsFromSeed } from './variationParams';

const size = { width: 112, height: 112 };

function differingBytes(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe('renderFace', () => {
  it('is deterministic: same params → identical bytes', () => {
    const id = identityParamsFromSeed(11);
    const v = variationParamsFromSeed(12);
    const a = renderFace(id, v, size);
    const b = renderFace(identityParamsFromSeed(11), variationParamsFromSeed(12), size);
    expect(a.rgba.length).toBe(112 * 112 * 4);
    expect(differingBytes(a.rgba, b.rgba)).toBe(0);
    expect(a.landmarks5).toEqual(b.landmarks5);
  });

  it('different identity or variation seeds give clearly different images', () => {
    const base = renderFace(identityParamsFromSeed(1), variationParamsFromSeed(1), size);
    const otherId = renderFace(identityParamsFromSeed(2), variationParamsFromSeed(1), size);
    const otherVar = renderFace(identityParamsFromSeed(1), variationParamsFromSeed(2), size);
    expect(differingBytes(base.rgba, otherId.rgba)).toBeGreaterThan(2000);
    expect(differingBytes(base.rgba, otherVar.rgba)).toBeGreaterThan(2000);
  });

  it('renders opaque pixels and puts the landmarks in face order inside the image', () => {
    const r = renderFace(identityParamsFromSeed(5), NEUTRAL_VARIATION, { width: 96, height: 128 });
    expect(r.width).toBe(96);
    expect(r.height).toBe(128);
    for (let i = 3; i < r.rgba.length; i += 4) expect(r.rgba[i]).toBe(255);
    const [le, re, nose, ml, mr] = r.landmarks5;
    expect(le[0]).toBeLessThan(re[0]);
    expect(ml[0]).toBeLessThan(mr[0]);
    expect(nose[1]).toBeGreaterThan(le[1]);
    expect(ml[1]).toBeGreaterThan(nose[1]);
    for (const [x, y] of r.landmarks5) {
      expect(x > 0 && x < 96 && y > 0 && y < 128).toBe(true);
    }
  });

  it('positive yaw turns the face toward the image right (nose moves right of the eyes’ midpoint)', () => {
    const id = identityParamsFromSeed(9);
    const r = renderFace(id, { ...NEUTRAL_VARIATION, yaw: 20 }, size);
    const [le, re, nose] = r.landmarks5;
    expect(nose[0]).toBeGreaterThan((le[0] + re[0]) / 2 + 1);
  });

  it('rejects invalid sizes with a stable code', () => {
    const id = identityParamsFromSeed(1);
    expect(() => renderFace(id, NEUTRAL_VARIATION, { width: 0, height: 10 })).toThrow(expect.objectContaining({ code: 'render/invalid-size' }));
    expect(() => renderFace(id, NEUTRAL_VARIATION, { width: 10, height: 10, supersample: 7 })).toThrow(
      expect.objectContaining({ code: 'render/invalid-supersample' }),
    );
  });
});
