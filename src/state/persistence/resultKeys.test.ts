import { describe, expect, it } from 'vitest';
import { parseResultKey, resultKey, resultKeysOfFaces } from './resultKeys';

describe('result keys', () => {
  it('round-trips face id and variation', () => {
    for (const ref of [{ faceId: 'fabc1', variation: 0 }, { faceId: 'fx', variation: 31 }]) {
      expect(parseResultKey(resultKey('result', ref))).toEqual({ kind: 'result', ...ref, legacy: false });
      expect(parseResultKey(resultKey('resultpng', ref))).toEqual({ kind: 'resultpng', ...ref, legacy: false });
    }
  });

  it('reads keys saved before variations as variation 0, marked for migration', () => {
    expect(parseResultKey('result:fmh2k0')).toEqual({ kind: 'result', faceId: 'fmh2k0', variation: 0, legacy: true });
    expect(parseResultKey('resultpng:fmh2k0')).toEqual({ kind: 'resultpng', faceId: 'fmh2k0', variation: 0, legacy: true });
  });

  it('ignores every other key', () => {
    expect(['face:f1', 'src:f1', 'thumb:f1', 'setting:samplesSeeded', 'result:', 'nocolon'].map(parseResultKey)).toEqual([null, null, null, null, null, null]);
  });

  it('finds all result keys of some faces, old and new', () => {
    const keys = ['face:a', 'result:a', 'resultpng:a', 'result:a/1', 'resultpng:a/1', 'result:b/0', 'src:a'];
    expect(resultKeysOfFaces(keys, new Set(['a']))).toEqual(['result:a', 'resultpng:a', 'result:a/1', 'resultpng:a/1']);
  });
});
