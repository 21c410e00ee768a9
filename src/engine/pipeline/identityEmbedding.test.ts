/** ArcFace embedding through a fake 'arcface' component; identity mean; variation. */
import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../conditioning/cosineSimilarity';
import { l2Normalize } from '../conditioning/l2Normalize';
import type { ImageU8 } from '../face/imageRaster';
import { identityEmbedding } from './identityEmbedding';
import { meanIdentityFromCrops } from './meanIdentityFromCrops';
import type { FloatTensor, ModelRunner } from './modelRunner';
import { variationIdVector, variationNoiseSeed } from './variationIdVector';

const S = 112;
function crop(f: (x: number, y: number, c: number) => number, channels: 3 | 4 = 3): ImageU8 {
  const data = new Uint8Array(S * S * channels);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < channels; c++) data[(y * S + x) * channels + c] = f(x, y, c);
  return { data, width: S, height: S, channels };
}

/** embedding = [mean of channel 0, 1, 2, first pixel of channel 0] (raw, unnormalised), under a numeric output name. */
function fakeArcface(): ModelRunner & { seen: FloatTensor[] } {
  const seen: FloatTensor[] = [];
  return {
    seen,
    async run(component, feeds) {
      expect(component).toBe('arcface');
      const x = feeds.input;
      seen.push(x);
      const plane = S * S;
      const m = [0, 1, 2].map((c) => x.data.subarray(c * plane, (c + 1) * plane).reduce((s, v) => s + v, 0) / plane);
      return { '683': { dims: [1, 4], data: Float32Array.from([...m, x.data[0]]) } };
    },
  };
}

describe('identityEmbedding', () => {
  const img = crop((x, y, c) => (c === 0 ? 255 : c === 1 ? 0 : (x + y) % 256), 4);

  it('feeds (p − 127.5)/127.5 RGB NCHW [1,3,112,112] and L2-normalises the output', async () => {
    const runner = fakeArcface();
    const e = await identityEmbedding(runner, img);
    expect(runner.seen[0].dims).toEqual([1, 3, S, S]);
    expect(runner.seen[0].data[0]).toBe(1); // red 255
    expect(runner.seen[0].data[S * S]).toBe(-1); // green 0
    expect(Math.hypot(...e)).toBeCloseTo(1, 6);
    const raw = [1, -1, runner.seen[0].data.subarray(2 * S * S).reduce((s, v) => s + v, 0) / (S * S), 1];
    expect(Array.from(e)).toEqual(Array.from(l2Normalize(raw)));
  });

  it('bgr order swaps channels; normalization "none" feeds raw bytes', async () => {
    const bgr = fakeArcface();
    await identityEmbedding(bgr, img, { channelOrder: 'bgr' });
    expect(bgr.seen[0].data[0]).toBe(Math.fround((img.data[2] - 127.5) / 127.5));
    expect(bgr.seen[0].data[2 * S * S]).toBe(1);
    const raw = fakeArcface();
    await identityEmbedding(raw, img, { normalization: 'none' });
    expect(raw.seen[0].data[0]).toBe(255);
    expect(raw.seen[0].data[S * S]).toBe(0);
  });

  it('rejects crops that are not 112×112', async () => {
    await expect(identityEmbedding(fakeArcface(), { data: new Uint8Array(64 * 64 * 3), width: 64, height: 64, channels: 3 })).rejects.toThrow(/112/);
  });

  it('mean over crops: normalise, average, normalise', async () => {
    const a = crop(() => 200), b = crop((x) => x);
    const { mean, each } = await meanIdentityFromCrops(fakeArcface(), [a, b]);
    expect(each).toHaveLength(2);
    const expected = l2Normalize(each[0].map((v, k) => v + each[1][k]));
    expect(Array.from(mean)).toEqual(Array.from(expected));
  });
});

describe('variationIdVector', () => {
  const a = l2Normalize(Float32Array.from({ length: 16 }, (_, i) => Math.sin(i + 1)));
  const b = l2Normalize(Float32Array.from({ length: 16 }, (_, i) => Math.cos(3 * i)));

  it('no b and no target → the normalised anchor', () => {
    expect(variationIdVector({ a: a.map((v) => v * 3), seed: 1 })).toEqual(l2Normalize(a.map((v) => v * 3)));
  });

  it('slerp midpoint is equidistant from both ends', () => {
    const m = variationIdVector({ a, b, slerpT: 0.5, seed: 1 });
    expect(cosineSimilarity(m, a)).toBeCloseTo(cosineSimilarity(m, b), 6);
    expect(variationIdVector({ a, b, slerpT: 0, seed: 1 })).toEqual(l2Normalize(a));
  });

  it('rotation hits the target similarity, deterministic per seed', () => {
    const r1 = variationIdVector({ a, b, slerpT: 0.3, targetSimilarity: 0.8, seed: 5 });
    const base = variationIdVector({ a, b, slerpT: 0.3, seed: 5 });
    expect(cosineSimilarity(r1, base)).toBeCloseTo(0.8, 5);
    expect(variationIdVector({ a, b, slerpT: 0.3, targetSimilarity: 0.8, seed: 5 })).toEqual(r1);
    expect(variationIdVector({ a, b, slerpT: 0.3, targetSimilarity: 0.8, seed: 6 })).not.toEqual(r1);
  });

  it('variation noise seed stays an exact integer in [0, 2^53) and differs from the seed', () => {
    for (const s of [0, 1, 2 ** 31, 2 ** 53 - 1]) {
      const d = variationNoiseSeed(s);
      expect(Number.isSafeInteger(d) && d >= 0).toBe(true);
      expect(d).not.toBe(s);
    }
  });
});
