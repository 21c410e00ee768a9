import { describe, expect, it } from 'vitest';
import { buildGridLayout } from './gridLayout';
import { applySelection, selectIdentity, type SelectionState } from './selection';
import type { GalleryGroup } from './types';

const gs: GalleryGroup[] = ['a', 'b'].map((identity) => ({
  identity,
  faces: [0, 1, 2].map((i) => ({ id: `${identity}${i}`, identity, index: i, name: `${i}.png`, thumbUrl: null, status: 'ready' as const })),
}));
const layout = buildGridLayout(gs, 2);
const empty: SelectionState = { selected: new Set(), anchor: null };
const ids = (s: SelectionState) => [...s.selected].sort();

describe('applySelection', () => {
  it('single replaces and sets the anchor', () => {
    const s = applySelection({ selected: new Set(['a0', 'b0']), anchor: 'a0' }, 'a2', 'single', layout);
    expect(ids(s)).toEqual(['a2']);
    expect(s.anchor).toBe('a2');
  });
  it('toggle adds and removes', () => {
    const s1 = applySelection(empty, 'a1', 'toggle', layout);
    const s2 = applySelection(s1, 'b1', 'toggle', layout);
    expect(ids(s2)).toEqual(['a1', 'b1']);
    expect(ids(applySelection(s2, 'a1', 'toggle', layout))).toEqual(['b1']);
  });
  it('range spans from the anchor and keeps it', () => {
    const s1 = applySelection(empty, 'a1', 'single', layout);
    const s2 = applySelection(s1, 'b1', 'range', layout);
    expect(ids(s2)).toEqual(['a1', 'a2', 'b0', 'b1']);
    expect(s2.anchor).toBe('a1');
    expect(ids(applySelection(s2, 'a0', 'range', layout))).toEqual(['a0', 'a1']);
  });
  it('range without an anchor acts like single', () => {
    expect(applySelection(empty, 'b2', 'range', layout)).toEqual({ selected: new Set(['b2']), anchor: 'b2' });
  });
  it('does not mutate the input set', () => {
    const before = new Set(['a0']);
    applySelection({ selected: before, anchor: 'a0' }, 'a1', 'toggle', layout);
    expect([...before]).toEqual(['a0']);
  });
});

describe('selectIdentity', () => {
  it('selects every face of the identity', () => {
    const s = selectIdentity(layout, 'b');
    expect(ids(s)).toEqual(['b0', 'b1', 'b2']);
    expect(s.anchor).toBe('b0');
    expect(selectIdentity(layout, 'zz')).toEqual({ selected: new Set(), anchor: null });
  });
});
