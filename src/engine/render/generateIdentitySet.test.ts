import { describe, expect, it } from 'vitest';
import { isAbortError } from '../progress/abort';
import type { Progress } from '../progress/progress';
import { generateIdentitySet } from './generateIdentitySet';

describe('generateIdentitySet', () => {
  it('yields identities × variations in DigiFace order with progress, reproducibly', () => {
    const progress: Progress[] = [];
    const set = Array.from(generateIdentitySet({ identities: 2, variations: 3, identitySeedBase: 42, onProgress: (p) => progress.push(p) }));
    expect(set.map((f) => `${f.identity}/${f.index}`)).toEqual(['0/0', '0/1', '0/2', '1/0', '1/1', '1/2']);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.total === 6 && p.phase === 'render')).toBe(true);
    for (const f of set) {
      expect(f.width).toBe(112);
      expect(f.rgba.length).toBe(112 * 112 * 4);
    }
    // One identity keeps its params across its images; the two identities differ.
    expect(set[1].params.identity).toEqual(set[0].params.identity);
    expect(set[3].params.identity).not.toEqual(set[0].params.identity);
    expect(set[1].params.variationSeed).not.toBe(set[0].params.variationSeed);
    const again = Array.from(generateIdentitySet({ identities: 1, variations: 2, identitySeedBase: 42 }));
    expect(again[1].rgba).toEqual(set[1].rgba);
  });

  it('stops with AbortError when the signal fires', () => {
    const ctrl = new AbortController();
    const it = generateIdentitySet({ identities: 3, variations: 2, identitySeedBase: 1, signal: ctrl.signal });
    expect(it.next().done).toBe(false);
    ctrl.abort();
    let caught: unknown;
    try {
      it.next();
    } catch (e) {
      caught = e;
    }
    expect(isAbortError(caught)).toBe(true);
  });

  it('rejects bad counts with a stable code', () => {
    expect(() => generateIdentitySet({ identities: -1, variations: 1, identitySeedBase: 0 }).next()).toThrow(
      expect.objectContaining({ code: 'render/invalid-count' }),
    );
  });
});
