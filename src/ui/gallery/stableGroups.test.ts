import { describe, expect, it } from 'vitest';
import { EMPTY_GROUPS, stableGroups } from './stableGroups';
import type { GalleryFace } from './types';

const face = (id: string, identity: string): GalleryFace => ({
  id,
  identity,
  index: Number(id.slice(1)),
  name: `${identity}/${id}.png`,
  thumbUrl: `blob:${id}`,
});

describe('stableGroups', () => {
  const list = () => [face('f0', 'a'), face('f1', 'a'), face('f2', 'b')];

  it('groups consecutive faces by identity, in order', () => {
    const r = stableGroups(list(), EMPTY_GROUPS);
    expect(r.groups.map((g) => [g.identity, g.faces.map((f) => f.id)])).toEqual([['a', ['f0', 'f1']], ['b', ['f2']]]);
  });

  it('returns the very same result when nothing changed (fresh but equal objects)', () => {
    const first = stableGroups(list(), EMPTY_GROUPS);
    expect(stableGroups(list(), first)).toBe(first);
  });

  it('keeps unchanged face objects and replaces only the changed one', () => {
    const first = stableGroups(list(), EMPTY_GROUPS);
    const next = list();
    next[1] = { ...next[1], thumbUrl: 'blob:new-thumb' };
    const second = stableGroups(next, first);
    expect(second).not.toBe(first);
    expect(second.groups[0].faces[0]).toBe(first.groups[0].faces[0]);
    expect(second.groups[1].faces[0]).toBe(first.groups[1].faces[0]);
    expect(second.groups[0].faces[1]).not.toBe(first.groups[0].faces[1]);
    expect(second.groups[0].faces[1].thumbUrl).toBe('blob:new-thumb');
  });

  it('notices reordering, removal and addition even when every face is unchanged', () => {
    const first = stableGroups(list(), EMPTY_GROUPS);
    const [f0, f1, f2] = list();
    expect(stableGroups([f1, f0, f2], first).groups[0].faces.map((f) => f.id)).toEqual(['f1', 'f0']);
    expect(stableGroups([f0, f1], first).groups).toHaveLength(1);
    expect(stableGroups([f0, f1, f2, face('f3', 'b')], first).groups[1].faces).toHaveLength(2);
    expect(stableGroups([f0, f2, f1], first).groups.map((g) => g.identity)).toEqual(['a', 'b', 'a']);
  });
});
