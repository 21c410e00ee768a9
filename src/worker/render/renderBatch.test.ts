import { describe, expect, it } from 'vitest';
import { AbortError } from '../../engine/progress/abort';
import type { Progress } from '../../engine/progress/progress';
import { variationSeedOf } from '../../engine/render/generateIdentitySet';
import type { RenderBatchRequest } from '../protocol';
import { batchIdentitySeed, renderBatch } from './renderBatch';
import { renderPreview } from './renderPreview';

const req = (extra: Partial<RenderBatchRequest> = {}): RenderBatchRequest => ({
  identities: 3,
  variations: 2,
  identitySeedBase: 100,
  size: 112,
  identity: {},
  variation: {},
  firstIdentity: 6,
  folder: 'rendered',
  ...extra,
});

describe('renderBatch', () => {
  it('renders N × M faces in DigiFace layout, numbered from firstIdentity, with monotone progress', async () => {
    const progress: Progress[] = [];
    const r = await renderBatch(req(), { jobId: 'j', onProgress: (p) => progress.push(p) });
    expect(r.layout).toBe('digiface');
    expect(r.faces.map((f) => f.name)).toEqual(['rendered/6/0.png', 'rendered/6/1.png', 'rendered/7/0.png', 'rendered/7/1.png', 'rendered/8/0.png', 'rendered/8/1.png']);
    expect(r.faces.map((f) => [f.identity, f.index, f.width])).toContainEqual(['8', 1, 112]);
    expect(progress.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.total === 6 && p.phase === 'render')).toBe(true);
  });

  it('identity 0 is the preview identity; each image is reproducible from its seeds and hand-set fields', async () => {
    const hand = { variation: { smile: 0.8 }, identity: { eyeColor: 4 } };
    const r = await renderBatch(req({ identities: 2, variations: 2, ...hand }), { jobId: 'j' });
    const seed1 = batchIdentitySeed(100, 1);
    const again = await renderPreview({ identitySeed: seed1, identity: hand.identity, variationSeed: variationSeedOf(seed1, 1), variation: hand.variation, size: 112 });
    expect(new Uint8Array(await r.faces[3].source.arrayBuffer())).toEqual(new Uint8Array(await again.png.arrayBuffer()));
    expect(batchIdentitySeed(0xffffffff, 1)).toBe(0);
  });

  it('makes small thumbnails for 512 crops', async () => {
    const r = await renderBatch(req({ identities: 1, variations: 1, size: 512 }), { jobId: 'j' });
    expect(r.faces[0].width).toBe(512);
    expect(r.faces[0].thumb.size).toBeLessThan(r.faces[0].source.size);
  });

  it('stops with AbortError when cancelled, and rejects bad counts', async () => {
    const c = new AbortController();
    const run = renderBatch(req({ identities: 50, variations: 10 }), {
      jobId: 'j',
      signal: c.signal,
      onProgress: (p) => {
        if (p.done === 2) c.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    await expect(renderBatch(req({ identities: 0 }), { jobId: 'j' })).rejects.toThrow(/identities must be an integer in 1../);
    await expect(renderBatch(req({ identities: 1000, variations: 100 }), { jobId: 'j' })).rejects.toThrow(/at most 20000 images/);
  });
});
