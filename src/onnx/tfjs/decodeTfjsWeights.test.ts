import { describe, expect, it } from 'vitest';
import { float32ToFloat16Bits } from '../float16';
import { concatShards, decodeTfjsWeights } from './decodeTfjsWeights';

describe('decodeTfjsWeights', () => {
  it('reads float32, int32, float16- and uint8-quantised weights back to back', () => {
    const f32 = new Float32Array([1.5, -2]);
    const i32 = new Int32Array([7, -1, 3]);
    const f16 = new Uint16Array([float32ToFloat16Bits(0.5), float32ToFloat16Bits(-3.25)]);
    const u8 = new Uint8Array([0, 10, 255]);
    const data = concatShards([new Uint8Array(f32.buffer), new Uint8Array(i32.buffer), new Uint8Array(f16.buffer), u8]);
    const w = decodeTfjsWeights(
      [
        { paths: ['a.bin'], weights: [{ name: 'f', shape: [2], dtype: 'float32' }, { name: 'i', shape: [3], dtype: 'int32' }] },
        {
          paths: ['b.bin'],
          weights: [
            { name: 'h', shape: [1, 2], dtype: 'float32', quantization: { dtype: 'float16' } },
            { name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
          ],
        },
      ],
      data,
    );
    expect(Array.from(w.get('f')!.data)).toEqual([1.5, -2]);
    expect(Array.from(w.get('i')!.data)).toEqual([7, -1, 3]);
    const h = w.get('h')!;
    expect(h.shape).toEqual([1, 2]);
    expect(Array.from(h.data)).toEqual([0.5, -3.25]);
    expect(h.dtype === 'float32' && Array.from(h.float16Bits!)).toEqual(Array.from(f16));
    expect(Array.from(w.get('q')!.data)).toEqual([-1, 4, 126.5]);
  });

  it('rejects shards that do not match the manifest', () => {
    const manifest = [{ paths: ['a.bin'], weights: [{ name: 'f', shape: [2], dtype: 'float32' as const }] }];
    expect(() => decodeTfjsWeights(manifest, new Uint8Array(4))).toThrow(/needs bytes 0..8/);
    expect(() => decodeTfjsWeights(manifest, new Uint8Array(12))).toThrow(/describes 8 bytes.*hold 12/);
  });
});
