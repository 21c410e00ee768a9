/** A VAE output with NaN, ±Inf or only zeros fails its image with a NonFiniteOutputError naming the model; a usable one passes. */
import { describe, expect, it } from 'vitest';
import { decodeLatents } from './decodeLatents';
import { encodeImage } from './encodeImage';
import type { FloatTensor, ModelRunner } from './modelRunner';
import { NonFiniteOutputError } from './NonFiniteOutputError';

/** A runner whose one model returns `data` as its [1,c,h,w] output `name`. */
function returning(name: string, dims: number[], data: Float32Array): ModelRunner {
  return { run: async () => ({ [name]: { dims, data } as FloatTensor }) };
}

const latents: FloatTensor = { dims: [1, 4, 1, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
const image = { data: new Uint8Array(8 * 8 * 3).fill(90), width: 8, height: 8, channels: 3 as const };
const sample = (f: (i: number) => number) => Float32Array.from({ length: 18 }, (_, i) => f(i));

describe('decodeLatents: the decoded image', () => {
  it.each([
    ['2 NaN', sample((i) => (i === 4 || i === 17 ? NaN : 0.3)), 'nan', 2, /2 NaN values/],
    ['1 −Inf', sample((i) => (i === 0 ? -Infinity : -0.2)), 'inf', 1, /1 ±Inf values/],
    ['NaN beside Inf', sample((i) => (i === 1 ? Infinity : i === 2 ? NaN : 0)), 'nan', 1, /1 NaN values/],
    ['all zero', new Float32Array(18), 'all-zero', 18, /is all zero/],
  ] as const)('%s → NonFiniteOutputError', async (_name, data, kind, count, message) => {
    const err = await decodeLatents(returning('sample', [1, 3, 2, 3], data), latents).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteOutputError);
    const e = err as NonFiniteOutputError;
    expect([e.component, e.kind, e.count, e.code]).toEqual(['vaeDecoder', kind, count, 'non-finite-output']);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/decoded image/);
  });

  it('a finite image with some exact zeros (mid-grey pixels) decodes', async () => {
    const img = await decodeLatents(returning('sample', [1, 3, 2, 3], sample((i) => (i % 3 === 0 ? 0 : 0.5))), latents);
    expect(img.rgba[0]).toBe(128);
  });
});

describe('encodeImage: the img2img start latents', () => {
  it('NaN from the encoder → NonFiniteOutputError naming vaeEncoder', async () => {
    const err = await encodeImage(returning('mean', [1, 4, 1, 1], Float32Array.of(1, NaN, 2, 3)), image).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteOutputError);
    expect([(err as NonFiniteOutputError).component, (err as NonFiniteOutputError).kind]).toEqual(['vaeEncoder', 'nan']);
  });

  it('all-zero encoder output → all-zero', async () => {
    const err = await encodeImage(returning('mean', [1, 4, 1, 1], new Float32Array(4)), image).catch((e: unknown) => e);
    expect((err as NonFiniteOutputError).kind).toBe('all-zero');
  });
});
