import { describe, expect, it } from 'vitest';
import { firstError, settledStatus, upsertVariation, variationsBeyond } from './faceResults';

const r = (variation: number, extra: Record<string, unknown> = {}) => ({ variation, ...extra });

describe('a face’s results per variation', () => {
  it('inserts in variation order and replaces the same variation', () => {
    let list = upsertVariation(undefined, r(2));
    list = upsertVariation(list, r(0));
    list = upsertVariation(list, r(1, { seed: 1 }));
    list = upsertVariation(list, r(1, { seed: 2 }));
    expect(list).toEqual([r(0), r(1, { seed: 2 }), r(2)]);
  });

  it('does not change the list it was given', () => {
    const list = [r(0)];
    upsertVariation(list, r(0, { seed: 9 }));
    expect(list).toEqual([r(0)]);
  });

  it('lists the variations a smaller run drops', () => {
    expect(variationsBeyond('f', [r(0), r(1), r(2), r(3)], 2)).toEqual([
      { faceId: 'f', variation: 2 },
      { faceId: 'f', variation: 3 },
    ]);
    expect(variationsBeyond('f', undefined, 1)).toEqual([]);
  });

  it('settles a face as failed when any variation failed, naming it', () => {
    expect(settledStatus([r(0), r(1)])).toBe('done');
    expect(settledStatus([r(0), r(1, { error: 'boom' })])).toBe('failed');
    expect(firstError([r(0), r(1, { error: 'boom' })])).toBe('variation 2: boom');
    expect(firstError([r(0, { error: 'boom' })])).toBe('boom');
    expect(firstError([r(0)])).toBeUndefined();
  });
});
