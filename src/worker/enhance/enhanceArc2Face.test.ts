import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'fast-png';
import { renderAlignedFace, identityParamsFromSeed, variationParamsFromSeed } from '../../engine/render';
import { arc2faceControls, enhanceOneArc2Face, slerpPartner, type Arc2FaceContext } from './enhanceArc2Face';
import { arc2faceTinyContext, facePngBlob } from './arc2faceTinyContext.test-util';

let ctx: Arc2FaceContext;

beforeAll(async () => {
  ctx = await arc2faceTinyContext();
}, 60_000);

const meanAbs = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe('enhanceOneArc2Face', () => {
  it('is reproducible for a seed, and identity variation controls change the image', async () => {
    const a = { faceId: 'a', seed: 7, source: facePngBlob(1, 1) };
    const b = { faceId: 'b', seed: 7, source: facePngBlob(2, 1) };
    const base = { steps: 2, guidance: 3 };
    const r1 = await enhanceOneArc2Face(a, base, ctx);
    const r2 = await enhanceOneArc2Face(a, base, ctx);
    expect([r1.width, r1.height]).toEqual([64, 64]);
    expect(r2.rgba).toEqual(r1.rgba);
    const otherSeed = await enhanceOneArc2Face({ ...a, seed: 8 }, base, ctx);
    expect(meanAbs(otherSeed.rgba, r1.rgba)).toBeGreaterThan(1);
    const rotated = await enhanceOneArc2Face(a, { ...base, target_similarity: 0.3 }, ctx);
    expect(meanAbs(rotated.rgba, r1.rgba)).toBeGreaterThan(0);
    const withMembers = { ...a, members: [a, b] };
    const slerped = await enhanceOneArc2Face(withMembers, { ...base, slerp_t: 0.8 }, ctx);
    expect(meanAbs(slerped.rgba, r1.rgba)).toBeGreaterThan(0);
    const mean = await enhanceOneArc2Face(withMembers, { ...base, identity_mean: 1 }, ctx);
    expect(meanAbs(mean.rgba, r1.rgba)).toBeGreaterThan(0);
  }, 120_000);

  it('sends non-square images through face alignment, and refuses them without a detector', async () => {
    const f = renderAlignedFace(identityParamsFromSeed(3), variationParamsFromSeed(3), 112, 1);
    const wide = new Uint8Array(160 * 112 * 4);
    for (let y = 0; y < 112; y++) wide.set(f.rgba.subarray(y * 112 * 4, (y + 1) * 112 * 4), (y * 160 + 24) * 4);
    const source = new Blob([encode({ width: 160, height: 112, data: wide, channels: 4, depth: 8 }) as BlobPart], { type: 'image/png' });
    await expect(enhanceOneArc2Face({ faceId: 'w1', seed: 1, source }, { steps: 1 }, ctx)).rejects.toThrow(/160×112, not an aligned square crop/);
    const calls: [number, number][] = [];
    const aligned = await enhanceOneArc2Face({ faceId: 'w2', seed: 1, source }, { steps: 1 }, {
      ...ctx,
      alignFace: async (_rgba, w, h) => {
        calls.push([w, h]);
        return new Uint8ClampedArray(f.rgba);
      },
    });
    expect(calls).toEqual([[160, 112]]);
    const direct = await enhanceOneArc2Face({ faceId: 'w3', seed: 1, source: facePngBlob(3, 3) }, { steps: 1 }, ctx);
    expect(aligned.rgba).toEqual(direct.rgba); // the aligned crop is what the identity model saw
  }, 60_000);

  it('moves each variation of a face towards a different image of its identity', async () => {
    const members = [1, 2, 3].map((i) => ({ faceId: `m${i}`, seed: 5, source: facePngBlob(10 + i, i) }));
    const item = { ...members[0], members };
    const controls = { steps: 2, guidance: 3, slerp_t: 0.9 };
    const v0 = await enhanceOneArc2Face({ ...item, variation: 0 }, controls, ctx);
    const v1 = await enhanceOneArc2Face({ ...item, variation: 1 }, controls, ctx);
    const v2 = await enhanceOneArc2Face({ ...item, variation: 2 }, controls, ctx);
    expect(meanAbs(v1.rgba, v0.rgba)).toBeGreaterThan(0);
    expect(v2.rgba).toEqual(v0.rgba); // two partners: variation 2 comes back to the first one
  }, 120_000);

  it('picks SLERP partners round the identity, never the face itself', () => {
    const m = ['a', 'b', 'c', 'd'].map((faceId) => ({ faceId }));
    expect([0, 1, 2, 3, 4].map((k) => slerpPartner(m, 'c', k).faceId)).toEqual(['d', 'a', 'b', 'd', 'a']);
    expect([0, 1, 2].map((k) => slerpPartner(m.slice(0, 2), 'b', k).faceId)).toEqual(['a', 'a', 'a']);
  });

  it('clamps and defaults its controls to Arc2Face values', () => {
    expect(arc2faceControls({})).toMatchObject({ steps: 25, guidance: 3, lambda: 0, img2img_strength: 0, slerp_t: 0, identity_mean: 0, scheduler: -1, target_similarity: 0 });
    expect(arc2faceControls({ steps: 1000, img2img_strength: 2, target_similarity: -1, steps2: NaN })).toMatchObject({ steps: 100, img2img_strength: 1, target_similarity: 0 });
  });
});
