/** Decoder output → bytes, the ÷ scaling_factor before the VAE decoder, and the encoder's preprocessing. */
import { describe, expect, it } from 'vitest';
import { decodeLatents, decoderValueToByte, SD_VAE_SCALING_FACTOR } from './decodeLatents';
import { encodeImage, imageToVaeInput } from './encodeImage';
import type { FloatTensor, ModelRunner } from './modelRunner';

describe('decoderValueToByte: round(clamp(x/2 + 0.5, 0, 1)·255)', () => {
  it.each([
    [-1, 0], [1, 255], [0, 128], [-3, 0], [2, 255], [0.5, 191], [-0.5, 64], [NaN, 0], [Infinity, 255], [-Infinity, 0],
  ])('%s → %s', (x, byte) => {
    expect(decoderValueToByte(x)).toBe(byte);
  });

  it('is monotonic over [−1, 1]', () => {
    let prev = -1;
    for (let x = -1; x <= 1; x += 1 / 1024) {
      const b = decoderValueToByte(x);
      expect(b).toBeGreaterThanOrEqual(prev);
      prev = b;
    }
  });
});

describe('decodeLatents', () => {
  it('divides by scaling_factor, feeds `latents`, maps `sample` [1,3,H,W] to RGBA8', async () => {
    const latents: FloatTensor = { dims: [1, 4, 1, 2], data: Float32Array.from([0.18215, -0.36430, 0, 1, 2, 3, 4, 5]) };
    const seen: FloatTensor[] = [];
    const runner: ModelRunner = {
      async run(component, feeds) {
        expect(component).toBe('vaeDecoder');
        seen.push(feeds.latents);
        // 2×3 image: R = [-1, 1, 0 | ...], G constant 0.5, B = -0.5.
        const plane = 6;
        const s = new Float32Array(3 * plane);
        s.set([-1, 1, 0, 3, -3, 0.25], 0);
        s.fill(0.5, plane, 2 * plane);
        s.fill(-0.5, 2 * plane);
        return { sample: { dims: [1, 3, 2, 3], data: s } };
      },
    };
    const img = await decodeLatents(runner, latents);
    expect(seen[0].dims).toEqual([1, 4, 1, 2]);
    expect(seen[0].data[0]).toBeCloseTo(1, 6);
    expect(seen[0].data[1]).toBeCloseTo(-2, 6);
    expect(seen[0].data[3]).toBeCloseTo(1 / SD_VAE_SCALING_FACTOR, 4);
    expect(img.width).toBe(3);
    expect(img.height).toBe(2);
    expect(Array.from(img.rgba.subarray(0, 8))).toEqual([0, 191, 64, 255, 255, 191, 64, 255]);
    expect(Array.from(img.rgba.filter((_, i) => i % 4 === 0))).toEqual([0, 255, 128, 255, 0, 159]);
    expect(img.rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });
});

describe('encodeImage', () => {
  it('feeds 2·(p/255) − 1 NCHW and returns mean × scaling_factor', async () => {
    const image = { data: Uint8Array.from({ length: 8 * 16 * 4 }, (_, i) => (i % 4 === 3 ? 7 : i % 256)), width: 16, height: 8, channels: 4 as const };
    const input = imageToVaeInput(image);
    expect(input.dims).toEqual([1, 3, 8, 16]);
    expect(input.data[0]).toBe(-1); // pixel 0 red = 0
    expect(input.data[8 * 16]).toBeCloseTo(2 / 255 - 1, 6); // pixel 0 green = 1
    const runner: ModelRunner = {
      async run(component, feeds) {
        expect(component).toBe('vaeEncoder');
        expect(feeds.image.data).toEqual(input.data);
        return { mean: { dims: [1, 4, 1, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }, logvar: { dims: [1, 4, 1, 2], data: new Float32Array(8) } };
      },
    };
    const z = await encodeImage(runner, image);
    expect(z.dims).toEqual([1, 4, 1, 2]);
    for (let i = 0; i < 8; i++) expect(z.data[i]).toBeCloseTo((i + 1) * SD_VAE_SCALING_FACTOR, 6);
  });

  it('rejects sizes that are not multiples of 8', async () => {
    await expect(encodeImage({ run: async () => ({}) }, { data: new Uint8Array(10 * 8 * 3), width: 10, height: 8, channels: 3 })).rejects.toThrow(/multiples of 8/);
  });
});
