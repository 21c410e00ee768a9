import { describe, expect, it } from 'vitest';
import { permuteTensor } from './permuteTensor';

describe('permuteTensor', () => {
  it('transposes a matrix', () => {
    const r = permuteTensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0]);
    expect(r.shape).toEqual([3, 2]);
    expect(Array.from(r.data)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('maps HWIO to OIHW like an index formula', () => {
    const shape = [2, 3, 4, 5];
    const data = Float32Array.from({ length: 120 }, (_, i) => i);
    const r = permuteTensor(data, shape, [3, 2, 0, 1]);
    expect(r.shape).toEqual([5, 4, 2, 3]);
    for (let o = 0; o < 5; o++)
      for (let i = 0; i < 4; i++)
        for (let h = 0; h < 2; h++)
          for (let w = 0; w < 3; w++) expect(r.data[((o * 4 + i) * 2 + h) * 3 + w]).toBe(((h * 3 + w) * 4 + i) * 5 + o);
  });

  it('keeps the array type and rejects non-permutations', () => {
    expect(permuteTensor(Uint16Array.from([1, 2]), [2], [0]).data).toBeInstanceOf(Uint16Array);
    expect(() => permuteTensor(Float32Array.from([1, 2]), [2, 1], [0, 0])).toThrow(/not a permutation/);
  });
});
