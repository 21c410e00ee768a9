import { describe, expect, it } from 'vitest';
import { DEFAULT_RENDERER_SETTINGS as D, handSetCount, parseSeed, rendererReducer, specKey, toBatchRequest, toRenderSpec, type RendererAction } from './rendererSettings';

const run = (...actions: RendererAction[]) => actions.reduce(rendererReducer, D);

describe('rendererReducer', () => {
  it('sets and clears hand-set fields without leaving empty objects behind', () => {
    const s = run({ type: 'shape', key: 'jaw', value: 0.2 }, { type: 'identityField', key: 'eyeColor', value: 3 }, { type: 'variationField', key: 'yaw', value: 10 });
    expect(s.identity).toEqual({ shape: { jaw: 0.2 }, eyeColor: 3 });
    expect(s.variation).toEqual({ yaw: 10 });
    expect(handSetCount(s)).toBe(3);
    const cleared = [{ type: 'shape', key: 'jaw', value: undefined }, { type: 'identityField', key: 'eyeColor', value: undefined }] as RendererAction[];
    expect(cleared.reduce(rendererReducer, s).identity).toEqual({});
    expect(rendererReducer(s, { type: 'clearHandSet' })).toMatchObject({ identity: {}, variation: {} });
    expect(D.identity).toEqual({}); // defaults untouched
  });

  it('wraps seeds to uint32; a new variation seed leaves neutral mode', () => {
    expect(run({ type: 'identitySeed', value: 2 ** 32 + 5 }).identitySeed).toBe(5);
    const s = run({ type: 'neutral', value: true }, { type: 'variationSeed', value: 9 });
    expect(s).toMatchObject({ neutral: false, variationSeed: 9 });
  });

  it('keeps batch sizes within the limits', () => {
    expect(run({ type: 'batch', identities: 0, variations: 1e9 })).toMatchObject({ identities: 1, variations: 100 });
    expect(run({ type: 'batch', identities: Number.NaN })).toMatchObject({ identities: 1, variations: D.variations });
  });
});

describe('requests', () => {
  it('preview spec uses null for the neutral variation; batch starts at the preview identity', () => {
    const s = run({ type: 'identitySeed', value: 77 }, { type: 'neutral', value: true }, { type: 'size', value: 512 });
    expect(toRenderSpec(s)).toEqual({ identitySeed: 77, identity: {}, variationSeed: null, variation: {}, size: 512, renderPath: 'auto' });
    const cpu = rendererReducer(s, { type: 'renderPath', value: 'cpu' });
    expect(toRenderSpec(cpu).renderPath).toBe('cpu');
    expect(toBatchRequest(cpu).renderPath).toBe('cpu');
    expect(toBatchRequest(s)).toMatchObject({ identitySeedBase: 77, identities: D.identities, variations: D.variations, size: 512 });
  });

  it('specKey ignores key order and tells different specs apart', () => {
    const a = toRenderSpec(run({ type: 'variationField', key: 'yaw', value: 1 }, { type: 'variationField', key: 'pitch', value: 2 }));
    const b = toRenderSpec(run({ type: 'variationField', key: 'pitch', value: 2 }, { type: 'variationField', key: 'yaw', value: 1 }));
    expect(specKey(a)).toBe(specKey(b));
    expect(specKey(a)).not.toBe(specKey(toRenderSpec(D)));
  });

  it('parses seeds strictly', () => {
    expect(parseSeed(' 42 ')).toBe(42);
    expect(parseSeed('4294967295')).toBe(4294967295);
    for (const bad of ['', '-1', '1.5', '1e3', '4294967296', 'abc']) expect(parseSeed(bad)).toBeNull();
  });
});
