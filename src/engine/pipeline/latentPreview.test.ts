import { describe, expect, it } from 'vitest';
import { latentPreview } from './latentPreview';

describe('latentPreview', () => {
  it('maps each latent pixel by the fixed 4→3 projection into [0, 255], at latent resolution', () => {
    // 2×3 latents; pixel 0 has only channel 0 = 1, pixel 1 only channel 3 = 2, the rest 0.
    const data = new Float32Array(4 * 6);
    data[0] = 1;
    data[3 * 6 + 1] = 2;
    const img = latentPreview({ dims: [1, 4, 2, 3], data });
    expect([img.width, img.height, img.rgba.length]).toEqual([3, 2, 24]);
    // (0.298 + 1) / 2 · 255 = 165.49, (0.207 + 1) / 2 · 255 = 153.9, (0.208 + 1) / 2 · 255 = 154.0
    expect(Array.from(img.rgba.subarray(0, 4))).toEqual([165, 154, 154, 255]);
    // 2 · (−0.184, −0.271, −0.473) = (−0.368, −0.542, −0.946) → 80.6, 58.4, 6.9
    expect(Array.from(img.rgba.subarray(4, 8))).toEqual([81, 58, 7, 255]);
    // all-zero latents are mid grey
    expect(Array.from(img.rgba.subarray(8, 12))).toEqual([128, 128, 128, 255]);
  });

  it('clamps out-of-range values and rejects other shapes', () => {
    const img = latentPreview({ dims: [1, 4, 1, 1], data: Float32Array.of(100, 0, 0, 0) });
    expect(Array.from(img.rgba)).toEqual([255, 255, 255, 255]);
    expect(() => latentPreview({ dims: [1, 3, 1, 1], data: new Float32Array(3) })).toThrow(RangeError);
  });
});
