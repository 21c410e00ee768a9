import { describe, expect, it } from 'vitest';
import { planExport } from './planExport';
import { exportImageEntry } from './exportImageEntry';

const face = { id: 'f', name: '3/0.png', identity: '3', index: 0, width: 112, height: 112, addedAt: 0 };
const base = { faceId: 'f', variationCount: 2, packId: 'arc2face-tiny', params: { lambda: 1 }, ms: 5, width: 64, height: 64, finishedAt: 0 };

describe('exportImageEntry', () => {
  it('writes the Δ and λ each image was made with into its manifest entry, and nothing for results without one', () => {
    const plan = planExport([
      { face, result: { ...base, variation: 0, seed: 1, realismOffset: { lambda: 1, source: 'attached', deltaSha256: 'ab'.repeat(32), space: 'encoder-output' } } },
      { face, result: { ...base, variation: 1, seed: 2, realismOffset: { lambda: 0, source: 'none' } } },
      { face: { ...face, id: 'g', name: '3/1.png', index: 1 }, result: { ...base, faceId: 'g', variation: 0, seed: 3, packId: 'digiface-augment' } },
    ]);
    const entries = plan.map(exportImageEntry);
    expect(entries.map((e) => e.realismOffset)).toEqual([
      { lambda: 1, source: 'attached', deltaSha256: 'ab'.repeat(32), space: 'encoder-output' },
      { lambda: 0, source: 'none', deltaSha256: null, space: null },
      undefined,
    ]);
    expect(entries[0]).toMatchObject({ file: '3/0.png', variation: 0, seed: 1 });
    expect(entries[2]).toEqual(plan[2].manifestEntry);
  });
});
