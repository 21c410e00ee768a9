import { describe, expect, it } from 'vitest';
import { groupVariations } from './groupVariations';

const v = (id: string, group?: string) => ({ id, url: `blob:${id}`, label: id, group });

describe('groupVariations', () => {
  it('makes one row per source face, keeping order', () => {
    const rows = groupVariations([v('a0', 'a'), v('a1', 'a'), v('b0', 'b'), v('a2', 'a')]);
    expect(rows.map((r) => [r.group, r.items.map((i) => i.id)])).toEqual([
      ['a', ['a0', 'a1']],
      ['b', ['b0']],
      ['a', ['a2']],
    ]);
  });

  it('puts ungrouped variations in one row', () => {
    expect(groupVariations([v('x'), v('y')]).map((r) => r.items.length)).toEqual([2]);
    expect(groupVariations([])).toEqual([]);
  });
});
