import { describe, expect, it } from 'vitest';
import { readStoredResults } from './readStoredResults';
import type { ResultRecord } from './workspaceDb';

const legacyRecord = { faceId: 'f1', packId: 'digiface-augment', seed: 42, params: { blur_sigma: 1 }, ms: 12, width: 112, height: 112, finishedAt: 1 };

describe('reading stored results', () => {
  it('moves a result saved before variations to variation 0 and deletes the old keys', () => {
    const png = new Blob(['png']);
    const r = readStoredResults([
      ['face:f1', { id: 'f1' }],
      ['result:f1', legacyRecord],
      ['resultpng:f1', png],
    ]);
    const migrated = { ...legacyRecord, variation: 0, variationCount: 1 };
    expect(r.results).toEqual([migrated]);
    expect(r.pngs.get('resultpng:f1/0')).toBe(png);
    expect(r.migration.put).toEqual([
      ['result:f1/0', migrated],
      ['resultpng:f1/0', png],
    ]);
    expect(r.migration.remove).toEqual(['result:f1', 'resultpng:f1']);
  });

  it('reads current entries as they are, with nothing to migrate', () => {
    const v1: ResultRecord = { ...legacyRecord, seed: 43, variation: 1, variationCount: 3 };
    const r = readStoredResults([['result:f1/1', v1]]);
    expect(r.results).toEqual([v1]);
    expect(r.migration).toEqual({ put: [], remove: [] });
  });

  it('keeps a newer variation-0 entry over a leftover legacy one', () => {
    const v0: ResultRecord = { ...legacyRecord, seed: 7, variation: 0, variationCount: 2 };
    const r = readStoredResults([
      ['result:f1', legacyRecord],
      ['result:f1/0', v0],
    ]);
    expect(r.results).toEqual([v0]);
    expect(r.migration).toEqual({ put: [], remove: ['result:f1'] });
  });
});
