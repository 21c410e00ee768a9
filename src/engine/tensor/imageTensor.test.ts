import { describe, expect, it } from 'vitest';
import { nchw01ToRgba, rgbaToNchw01 } from './imageTensor';

describe('image tensors', () => {
  it('round-trips RGB and lays planes out as NCHW', () => {
    const rgba = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const t = rgbaToNchw01(rgba, 3, 2);
    expect(t[0]).toBeCloseTo(rgba[0] / 255, 7);
    expect(t[6]).toBeCloseTo(rgba[1] / 255, 7); // G plane starts after 6 R values
    expect(t[12 + 5]).toBeCloseTo(rgba[5 * 4 + 2] / 255, 7);
    const back = nchw01ToRgba(t, 3, 2);
    for (let i = 0; i < 6; i++) {
      expect(back[4 * i]).toBe(rgba[4 * i]);
      expect(back[4 * i + 1]).toBe(rgba[4 * i + 1]);
      expect(back[4 * i + 2]).toBe(rgba[4 * i + 2]);
      expect(back[4 * i + 3]).toBe(255);
    }
  });

  it('clamps out-of-range values and rejects wrong sizes', () => {
    const out = nchw01ToRgba(Float32Array.of(-0.5, 2, 0.5), 1, 1);
    expect([...out]).toEqual([0, 255, 128, 255]);
    expect(() => rgbaToNchw01(new Uint8Array(5), 1, 1)).toThrow(/expected 4 bytes/);
  });
});
