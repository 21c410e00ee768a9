import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { StudioState } from '../store';
import { createControlsSlice } from './controlsSlice';
import { createWorkspaceSlice, type ResultView } from './workspaceSlice';

// A fresh store of just the slices under test, per test (no persistence middleware).
const makeStore = () => create<StudioState>()((...a) => ({ ...createWorkspaceSlice(...a), ...createControlsSlice(...a) }) as StudioState);

const view = (faceId: string, variation: number, extra: Partial<ResultView> = {}): ResultView => ({
  faceId,
  variation,
  variationCount: 3,
  packId: 'digiface-augment',
  seed: 100 + variation,
  params: {},
  ms: 1,
  width: 112,
  height: 112,
  finishedAt: 0,
  url: `blob:${faceId}/${variation}`,
  ...extra,
});

describe('workspace slice with variations', () => {
  it('keeps every variation of a face, in order, and settles status only when told', () => {
    const store = makeStore();
    store.getState().setStatus(['a'], 'running');
    store.getState().setResults([view('a', 2), view('a', 0)]);
    expect(store.getState().results.a.map((r) => r.variation)).toEqual([0, 2]);
    expect(store.getState().status.a).toBe('running');
    store.getState().setResults([view('a', 1)], { a: 'done' });
    expect(store.getState().results.a.map((r) => r.seed)).toEqual([100, 101, 102]);
    expect(store.getState().status.a).toBe('done');
  });

  it('replaces a variation on rerun and updates one result without touching status', () => {
    const store = makeStore();
    store.getState().setResults([view('a', 0), view('a', 1)], { a: 'done' });
    store.getState().setResult(view('a', 1, { similarity: { value: 0.7, model: 'm' } }));
    expect(store.getState().results.a).toHaveLength(2);
    expect(store.getState().results.a[1].similarity).toEqual({ value: 0.7, model: 'm' });
    expect(store.getState().status.a).toBe('done');
  });

  it('keeps status sparse: only faces that are not ready have an entry', () => {
    const store = makeStore();
    const face = (id: string) => ({ id, name: `${id}.png`, identity: 'x', index: 0, width: 8, height: 8, addedAt: 0, thumbUrl: null });
    store.getState().addFaces([face('a'), face('b')]);
    expect(store.getState().status).toEqual({});
    store.getState().setStatus(['a', 'b'], 'queued');
    store.getState().setResults([view('a', 0)], { a: 'done' });
    store.getState().setStatus(['b'], 'ready');
    expect(store.getState().status).toEqual({ a: 'done' });
    store.getState().setResults([], { a: 'ready' });
    expect(store.getState().status).toEqual({});
  });

  it('removes given variations and forgets a face with none left', () => {
    const store = makeStore();
    store.getState().setResults([view('a', 0), view('a', 1), view('b', 0)]);
    store.getState().removeResults([
      { faceId: 'a', variation: 1 },
      { faceId: 'b', variation: 0 },
    ]);
    expect(store.getState().results.a.map((r) => r.variation)).toEqual([0]);
    expect(store.getState().results.b).toBeUndefined();
  });

  it('clamps variations per identity to 1…32', () => {
    const store = makeStore();
    expect(store.getState().variationsPerIdentity).toBe(1);
    store.getState().setVariationsPerIdentity(3);
    expect(store.getState().variationsPerIdentity).toBe(3);
    store.getState().setVariationsPerIdentity(500);
    expect(store.getState().variationsPerIdentity).toBe(32);
    store.getState().setVariationsPerIdentity(0);
    expect(store.getState().variationsPerIdentity).toBe(1);
  });
});
