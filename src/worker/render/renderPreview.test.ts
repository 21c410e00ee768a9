import { describe, expect, it } from 'vitest';
import { identityParamsFromSeed } from '../../engine/render/identityParams';
import { renderAlignedFace } from '../../engine/render/renderAlignedFace';
import { variationParamsFromSeed } from '../../engine/render/variationParams';
import { encodePng } from '../../io/encodePng';
import type { RenderSpec } from '../protocol';
import { renderPreview } from './renderPreview';

const bytes = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const spec = (extra: Partial<RenderSpec> = {}): RenderSpec => ({ identitySeed: 12, identity: {}, variationSeed: 34, variation: {}, size: 112, ...extra });

describe('renderPreview', () => {
  it('gives the same PNG bytes for the same spec, and the engine render for plain seeds', async () => {
    const a = await renderPreview(spec());
    const b = await renderPreview(spec());
    expect(a.png.type).toBe('image/png');
    expect(await bytes(a.png)).toEqual(await bytes(b.png));
    const face = renderAlignedFace(identityParamsFromSeed(12), variationParamsFromSeed(34), 112);
    expect(await bytes(a.png)).toEqual(encodePng(face.rgba, face.width, face.height));
    expect(a.templateError).toBeLessThan(2); // faces off the average proportions cannot fit the template exactly
  });

  it('says which render path drew it: Node has no WebGPU, so the CPU, with the reason', async () => {
    expect((await renderPreview(spec())).path).toEqual({ path: 'cpu', detail: 'WebGPU unavailable: no navigator.gpu → CPU' });
    expect((await renderPreview(spec({ renderPath: 'cpu' }))).path).toEqual({ path: 'cpu', detail: 'CPU forced in the renderer settings' });
  });

  it('changes when a seed or a hand-set field changes, and reports the fields used', async () => {
    const base = await bytes((await renderPreview(spec())).png);
    expect(await bytes((await renderPreview(spec({ identitySeed: 13 }))).png)).not.toEqual(base);
    const smiling = await renderPreview(spec({ variation: { smile: 1, yaw: 40 } }));
    expect(await bytes(smiling.png)).not.toEqual(base);
    expect(smiling.variation.smile).toBe(1);
    expect(smiling.variation.yaw).toBe(25); // clamped by the engine, and reported as drawn
  });

  it('renders 512 crops and refuses other sizes', async () => {
    expect(await renderPreview(spec({ size: 512 }))).toMatchObject({ width: 512, height: 512 });
    await expect(renderPreview(spec({ size: 100 }))).rejects.toThrow(/render size must be one of 112, 512/);
  });
});
