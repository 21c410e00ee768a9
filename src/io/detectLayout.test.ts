import { describe, expect, it } from 'vitest';
import { detectLayout } from './detectLayout';
import { naturalCompare } from './naturalCompare';

const summary = (paths: string[]) => {
  const l = detectLayout(paths);
  return { kind: l.kind, root: l.root, ids: l.identities.map((i) => [i.name, i.images.map((m) => m.stem)]) };
};

describe('naturalCompare', () => {
  it('orders digit runs numerically and is total', () => {
    expect(['10', '9', '1', '100', '2'].sort(naturalCompare)).toEqual(['1', '2', '9', '10', '100']);
    expect(['img10', 'img2', 'Img1'].sort(naturalCompare)).toEqual(['Img1', 'img2', 'img10']);
    expect(naturalCompare('01', '1')).not.toBe(0);
    expect(naturalCompare('99999999999999999999', '100000000000000000000')).toBeLessThan(0);
  });
});

describe('detectLayout', () => {
  it('recognises DigiFace <identity>/<n>.png under a zip root, sorted naturally', () => {
    const r = summary([
      'subjects_0-1999_72_imgs/10/1.png', 'subjects_0-1999_72_imgs/10/0.png',
      'subjects_0-1999_72_imgs/9/10.png', 'subjects_0-1999_72_imgs/9/2.png',
    ]);
    expect(r).toEqual({ kind: 'digiface', root: 'subjects_0-1999_72_imgs', ids: [['9', ['2', '10']], ['10', ['0', '1']]] });
  });

  it('keeps a single DigiFace identity folder as one identity', () => {
    expect(summary(['0/0.png', '0/1.png'])).toEqual({ kind: 'digiface', root: '', ids: [['0', ['0', '1']]] });
  });

  it('falls back to one identity per folder, and flat files to one identity each', () => {
    expect(summary(['people/alice/a.jpg', 'people/bob/b.png', 'people/alice/b.jpg']).ids)
      .toEqual([['alice', ['a', 'b']], ['bob', ['b']]]);
    expect(summary(['people/alice/a.jpg', 'people/bob/b.png']).kind).toBe('folders');
    expect(summary(['x.png', 'y.jpg'])).toEqual({ kind: 'flat', root: '', ids: [['x', ['x']], ['y', ['y']]] });
  });

  it('disambiguates folders that share a name', () => {
    const r = detectLayout(['a/1/0.png', 'b/1/0.png']);
    expect(r.identities.map((i) => i.name)).toEqual(['a/1', 'b/1']);
  });

  it('ignores macOS/Windows clutter and hidden files; reports non-images with reasons', () => {
    const r = detectLayout([
      '__MACOSX/0/._0.png', '0/.DS_Store', 'Thumbs.db', '.hidden/0.png', '0/.1.png',
      '0/0.png', '0/notes.txt', '0/README', '0/0.png', 'inner.zip', '..\\x.png',
    ]);
    expect(r.kind).toBe('digiface');
    expect(r.identities.map((i) => i.images.map((m) => m.path))).toEqual([['0/0.png']]);
    expect(r.ignored).toEqual(['__MACOSX/0/._0.png', '0/.DS_Store', 'Thumbs.db', '.hidden/0.png', '0/.1.png']);
    expect(r.skipped.map((s) => [s.path, s.code])).toEqual([
      ['0/notes.txt', 'NOT_AN_IMAGE_EXTENSION'], ['0/README', 'NOT_AN_IMAGE_EXTENSION'],
      ['0/0.png', 'DUPLICATE_PATH'], ['inner.zip', 'NOT_AN_IMAGE_EXTENSION'], ['..\\x.png', 'INVALID_PATH'],
    ]);
    expect(r.skipped[0].reason).toBe('.txt files are not images');
  });

  it('handles backslash paths and empty input', () => {
    expect(summary(['root\\3\\0.png', 'root\\3\\1.png', 'root\\4\\0.png']).ids).toEqual([['3', ['0', '1']], ['4', ['0']]]);
    expect(detectLayout([])).toMatchObject({ kind: 'flat', identities: [], skipped: [] });
  });

  it('groups 10,000 paths quickly', () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `subjects/${i % 139}/${Math.floor(i / 139)}.png`);
    const t0 = performance.now();
    const r = detectLayout(paths);
    expect(r.kind).toBe('digiface');
    expect(r.identities).toHaveLength(139);
    expect(r.identities[0].images.map((m) => m.index).slice(0, 3)).toEqual([0, 1, 2]);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
