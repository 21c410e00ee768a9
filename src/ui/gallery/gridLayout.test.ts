import { describe, expect, it } from 'vitest';
import { buildGridLayout, columnsFor, idsInRange, isNavKey, locate, moveFocus } from './gridLayout';
import type { GalleryGroup } from './types';

/** Groups named a, b, c… with the given face counts; face ids are `<identity><index>`. */
function groups(...counts: number[]): GalleryGroup[] {
  return counts.map((n, g) => {
    const identity = String.fromCharCode(97 + (g % 26)) + (g >= 26 ? String(g) : '');
    return {
      identity,
      faces: Array.from({ length: n }, (_, i) => ({ id: `${identity}${i}`, identity, index: i, name: `${i}.png`, thumbUrl: null, status: 'ready' as const })),
    };
  });
}

describe('columnsFor', () => {
  it('fits n tiles with n-1 gaps', () => {
    expect(columnsFor(100, 100, 8)).toBe(1);
    expect(columnsFor(208, 100, 8)).toBe(2);
    expect(columnsFor(207, 100, 8)).toBe(1);
    expect(columnsFor(1000, 96, 8)).toBe(9);
  });
  it('never returns less than one column', () => {
    expect(columnsFor(0, 96, 8)).toBe(1);
    expect(columnsFor(10, 96, 8)).toBe(1);
    expect(columnsFor(Number.NaN, 96, 8)).toBe(1);
  });
});

describe('buildGridLayout', () => {
  it('emits a header then ceil(n/cols) tile rows per group', () => {
    const l = buildGridLayout(groups(5, 3, 0), 3);
    expect(l.rows.map((r) => (r.kind === 'header' ? `H${r.identity}${r.count}` : `${r.start}-${r.end}`))).toEqual([
      'Ha5', '0-3', '3-5', 'Hb3', '5-8', 'Hc0',
    ]);
    expect(l.faces.map((f) => f.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2']);
    expect(Array.from(l.tileRows)).toEqual([1, 2, 4]);
    expect(new Set(l.rows.map((r) => r.key)).size).toBe(l.rows.length);
  });

  it('locates faces by id', () => {
    const l = buildGridLayout(groups(5, 3), 3);
    expect(locate(l, 'a4')).toEqual({ flat: 4, row: 2, col: 1 });
    expect(locate(l, 'b2')).toEqual({ flat: 7, row: 4, col: 2 });
    expect(locate(l, 'zz')).toBeNull();
    expect(locate(l, null)).toBeNull();
  });

  it('handles 10,000 faces in 100 identities quickly', () => {
    const gs = groups(...Array.from({ length: 100 }, () => 100));
    const t0 = performance.now();
    const l = buildGridLayout(gs, 9);
    const ms = performance.now() - t0;
    expect(l.faces).toHaveLength(10_000);
    // 100 headers + 100 * ceil(100/9) tile rows.
    expect(l.rows).toHaveLength(100 + 100 * 12);
    expect(l.tileRows).toHaveLength(1200);
    expect(locate(l, 'a99')).toEqual({ flat: 99, row: 12, col: 0 });
    const last = l.faces[9999];
    expect(locate(l, last.id)?.flat).toBe(9999);
    expect(moveFocus(l, last.id, 'ArrowRight')).toBe(last.id);
    // Generous bound: this guards against accidental O(n²), not for benchmarking on a busy machine.
    expect(ms).toBeLessThan(2000);
  });

  it('handles one big identity of 10,000 faces', () => {
    const l = buildGridLayout(groups(10_000), 7);
    expect(l.rows).toHaveLength(1 + Math.ceil(10_000 / 7));
    expect(moveFocus(l, 'a9995', 'ArrowDown')).toBe('a9999');
    expect(moveFocus(l, 'a9999', 'PageUp')).toBe(`a${9999 - 35}`);
  });
});

describe('moveFocus', () => {
  const l = buildGridLayout(groups(5, 3), 3);
  // Rows: a0 a1 a2 | a3 a4 | (header b) b0 b1 b2

  it('starts at the first face (or last for End) when nothing is focused', () => {
    expect(moveFocus(l, null, 'ArrowDown')).toBe('a0');
    expect(moveFocus(l, 'gone', 'ArrowRight')).toBe('a0');
    expect(moveFocus(l, null, 'End')).toBe('b2');
  });

  it('walks reading order with left/right, across groups, stopping at the ends', () => {
    expect(moveFocus(l, 'a2', 'ArrowRight')).toBe('a3');
    expect(moveFocus(l, 'a4', 'ArrowRight')).toBe('b0');
    expect(moveFocus(l, 'b0', 'ArrowLeft')).toBe('a4');
    expect(moveFocus(l, 'a0', 'ArrowLeft')).toBe('a0');
    expect(moveFocus(l, 'b2', 'ArrowRight')).toBe('b2');
  });

  it('keeps the column with up/down, skipping headers and clamping to short rows', () => {
    expect(moveFocus(l, 'a1', 'ArrowDown')).toBe('a4');
    expect(moveFocus(l, 'a2', 'ArrowDown')).toBe('a4');
    expect(moveFocus(l, 'a4', 'ArrowDown')).toBe('b1');
    expect(moveFocus(l, 'b2', 'ArrowUp')).toBe('a4');
    expect(moveFocus(l, 'a3', 'ArrowUp')).toBe('a0');
    expect(moveFocus(l, 'a1', 'ArrowUp')).toBe('a1');
    expect(moveFocus(l, 'b1', 'ArrowDown')).toBe('b1');
  });

  it('pages by rows and jumps to the ends', () => {
    expect(moveFocus(l, 'a0', 'PageDown', 2)).toBe('b0');
    expect(moveFocus(l, 'b2', 'PageUp', 10)).toBe('a2');
    expect(moveFocus(l, 'a3', 'Home')).toBe('a0');
    expect(moveFocus(l, 'a3', 'End')).toBe('b2');
  });

  it('returns null for an empty gallery', () => {
    expect(moveFocus(buildGridLayout([], 4), null, 'ArrowDown')).toBeNull();
    expect(moveFocus(buildGridLayout(groups(0), 4), 'x', 'Home')).toBeNull();
  });
});

describe('idsInRange / isNavKey', () => {
  const l = buildGridLayout(groups(5, 3), 3);
  it('spans either direction, across groups', () => {
    expect(idsInRange(l, 'a3', 'b1')).toEqual(['a3', 'a4', 'b0', 'b1']);
    expect(idsInRange(l, 'b1', 'a3')).toEqual(['a3', 'a4', 'b0', 'b1']);
    expect(idsInRange(l, null, 'a1')).toEqual(['a1']);
    expect(idsInRange(l, 'a1', 'nope')).toEqual([]);
  });
  it('recognises navigation keys', () => {
    expect(isNavKey('ArrowUp')).toBe(true);
    expect(isNavKey('Enter')).toBe(false);
  });
});
