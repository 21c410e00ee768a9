import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bfloat16BitsToNumber, float16BitsToNumber, int64ToNumbers, readSafetensors, readSafetensorsHeader,
  readSafetensorsHeaderLength, SafetensorsError, toFloat32,
} from './safetensors';
import { writeSafetensors } from './safetensorsWriter';
import { loadFixture } from '../testing/fixtures';

/** Builds a file by hand (independent of the writer) from a header object and a data section. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return e instanceof SafetensorsError ? e.code : `other: ${(e as Error).message}`; }
  return undefined;
}

describe('readSafetensors', () => {
  it('reads a hand-built file with every dtype', () => {
    const f32 = new Float32Array([1.5, -2, 3.25]);
    const f64 = new Float64Array([Math.PI]);
    const i64 = new BigInt64Array([-(2n ** 40n), 7n]);
    const i32 = new Int32Array([-5, 9]);
    const u8 = new Uint8Array([0, 255, 7]);
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7c00]); // 1, -2, 2^-24, inf
    const bf16 = new Uint16Array([0x3f80, 0x4049]); // 1, 3.140625
    const parts: [string, string, number[], ArrayBufferView][] = [
      ['a', 'F32', [3], f32], ['b', 'F64', [1], f64], ['c', 'I64', [2], i64], ['d', 'I32', [2], i32],
      ['e', 'U8', [3], u8], ['f', 'F16', [2, 2], f16], ['g', 'BF16', [2], bf16],
    ];
    const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
    const chunks: Uint8Array[] = [];
    let off = 0;
    for (const [name, dtype, shape, arr] of parts) {
      header[name] = { dtype, shape, data_offsets: [off, off + arr.byteLength] };
      chunks.push(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
      off += arr.byteLength;
    }
    const data = new Uint8Array(off);
    let p = 0;
    for (const c of chunks) { data.set(c, p); p += c.length; }
    const file = readSafetensors(rawFile(header, data));
    expect(file.metadata).toEqual({ format: 'pt' });
    const t = (n: string) => file.tensors.get(n)!;
    expect(Array.from(t('a').data as Float32Array)).toEqual([1.5, -2, 3.25]);
    expect((t('b').data as Float64Array)[0]).toBe(Math.PI);
    expect(int64ToNumbers(t('c').data as BigInt64Array)).toEqual([-(2 ** 40), 7]);
    expect(Array.from(t('d').data as Int32Array)).toEqual([-5, 9]);
    expect(Array.from(t('e').data as Uint8Array)).toEqual([0, 255, 7]);
    expect(t('f').shape).toEqual([2, 2]);
    expect(Array.from(toFloat32('F16', t('f').data))).toEqual([1, -2, 2 ** -24, Infinity]);
    expect(Array.from(toFloat32('BF16', t('g').data))).toEqual([1, 3.140625]);
  });

  it('copies misaligned tensors instead of failing', () => {
    // U8 of length 1 first pushes the F32 tensor to an odd offset.
    const data = new Uint8Array(5);
    data[0] = 9;
    new DataView(data.buffer).setFloat32(1, 2.5, true);
    const header = { a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] }, b: { dtype: 'F32', shape: [1], data_offsets: [1, 5] } };
    const file = readSafetensors(rawFile(header, data, JSON.stringify(header) + ' '.repeat(3)));
    expect((file.tensors.get('b')!.data as Float32Array)[0]).toBe(2.5);
  });

  it('reads the scheduler fixture inputs', () => {
    const f = loadFixture('schedulers', 'inputs.safetensors');
    expect(f.shape('step_noise')).toEqual([25, 1, 4, 8, 8]);
    expect(f.float32('alphas_cumprod')[0]).toBeCloseTo(1 - 0.00085, 6);
  });

  it('reads I64 and U8 fixtures', () => {
    const ids = loadFixture('text_encoder', 'io_plain.safetensors').numbers('input_ids');
    expect(ids.slice(0, 8)).toEqual([2998, 1125, 539, 320, 1014, 2533, 2999, 2999]);
  });
});

describe('readSafetensorsHeader (streaming)', () => {
  it('needs only 8 + N bytes', () => {
    const bytes = writeSafetensors({ w: { dtype: 'F32', shape: [1000], data: new Float32Array(1000) } });
    const n = readSafetensorsHeaderLength(bytes.subarray(0, 8));
    const h = readSafetensorsHeader(bytes.subarray(0, 8 + n), { fileByteLength: bytes.length });
    expect(h.dataStart).toBe(8 + n);
    expect(h.dataByteLength).toBe(4000);
    expect(h.tensors.map((t) => [t.name, t.dtype, t.shape, t.dataOffsets])).toEqual([['w', 'F32', [1000], [0, 4000]]]);
  });
});

describe('malformed files', () => {
  const ok = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const cases: [string, () => unknown, string][] = [
    ['fewer than 8 bytes', () => readSafetensors(new Uint8Array(5)), 'TRUNCATED'],
    ['header length past the end', () => readSafetensors(rawFile(ok).subarray(0, 20)), 'TRUNCATED'],
    ['header length too big', () => {
      const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true); return readSafetensors(b);
    }, 'HEADER_TOO_LARGE'],
    ['bad JSON', () => readSafetensors(rawFile(null, new Uint8Array(0), '{"a": ')), 'BAD_JSON'],
    ['JSON array', () => readSafetensors(rawFile([1, 2])), 'BAD_HEADER'],
    ['unknown dtype', () => readSafetensors(rawFile({ a: { dtype: 'F8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1))), 'BAD_DTYPE'],
    ['negative shape', () => readSafetensors(rawFile({ a: { dtype: 'U8', shape: [-1], data_offsets: [0, 1] } }, new Uint8Array(1))), 'BAD_HEADER'],
    ['offsets vs shape', () => readSafetensors(rawFile({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8))), 'BAD_OFFSETS'],
    ['reversed offsets', () => readSafetensors(rawFile({ a: { dtype: 'U8', shape: [0], data_offsets: [4, 0] } })), 'BAD_OFFSETS'],
    ['gap between tensors', () => readSafetensors(rawFile({ a: { dtype: 'U8', shape: [1], data_offsets: [1, 2] } }, new Uint8Array(2))), 'BAD_OFFSETS'],
    ['overlap', () => readSafetensors(rawFile({
      a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] }, b: { dtype: 'U8', shape: [2], data_offsets: [1, 3] },
    }, new Uint8Array(3))), 'BAD_OFFSETS'],
    ['data truncated', () => readSafetensors(rawFile(ok, new Uint8Array(4))), 'TRUNCATED'],
    ['metadata not strings', () => readSafetensors(rawFile({ __metadata__: { a: 1 } })), 'BAD_HEADER'],
  ];
  it.each(cases)('%s', (_label, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});

describe('writeSafetensors', () => {
  it('is deterministic, sorted, space-padded to 8 bytes', () => {
    const a = { z: { dtype: 'U8' as const, shape: [3], data: new Uint8Array([1, 2, 3]) }, a: { dtype: 'F32' as const, shape: [1], data: new Float32Array([1]) } };
    const b1 = writeSafetensors(a, { format: 'pt' });
    const b2 = writeSafetensors({ a: a.a, z: a.z }, { format: 'pt' });
    expect(b1).toEqual(b2);
    const n = readSafetensorsHeaderLength(b1);
    expect((8 + n) % 8).toBe(0);
    const text = new TextDecoder().decode(b1.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe('{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"z":{"dtype":"U8","shape":[3],"data_offsets":[4,7]}}');
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
  });

  it('rejects data that does not match the shape', () => {
    expect(codeOf(() => writeSafetensors({ a: { dtype: 'F32', shape: [2], data: new Float32Array(3) } }))).toBe('BAD_HEADER');
  });

  it('round-trips random tensors (property)', () => {
    fc.assert(fc.property(
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s !== '__metadata__'),
        fc.record({ shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), seed: fc.integer(), kind: fc.constantFrom('F32', 'I64', 'U8', 'F64') })),
      (spec) => {
        const tensors: Record<string, { dtype: 'F32' | 'I64' | 'U8' | 'F64'; shape: number[]; data: Float32Array | BigInt64Array | Uint8Array | Float64Array }> = {};
        for (const [name, { shape, seed, kind }] of Object.entries(spec)) {
          const n = shape.reduce((p, d) => p * d, 1);
          const vals = Array.from({ length: n }, (_, i) => ((seed + i * 2654435761) % 1000) - 500);
          const data = kind === 'F32' ? Float32Array.from(vals, (v) => v / 7) : kind === 'F64' ? Float64Array.from(vals, (v) => v / 7)
            : kind === 'I64' ? BigInt64Array.from(vals, (v) => BigInt(v) * 2n ** 33n) : Uint8Array.from(vals, (v) => v & 255);
          tensors[name] = { dtype: kind, shape, data };
        }
        const back = readSafetensors(writeSafetensors(tensors));
        expect([...back.tensors.keys()].sort()).toEqual(Object.keys(tensors).sort());
        for (const [name, t] of Object.entries(tensors)) {
          const r = back.tensors.get(name)!;
          expect(r.dtype).toBe(t.dtype);
          expect(r.shape).toEqual(t.shape);
          expect(Array.from(r.data as ArrayLike<number | bigint>)).toEqual(Array.from(t.data as ArrayLike<number | bigint>));
        }
      }), { numRuns: 60 });
  });

  it('re-writing a fixture preserves every tensor', () => {
    const f = loadFixture('schedulers', 'inputs.safetensors');
    const back = readSafetensors(writeSafetensors(f.file.tensors, f.metadata ?? undefined));
    for (const name of f.names) expect(back.tensors.get(name)!.data).toEqual(f.tensor(name).data);
    expect(back.metadata).toEqual(f.metadata);
  });
});

describe('half-precision decoders', () => {
  it('match known encodings', () => {
    expect(float16BitsToNumber(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(float16BitsToNumber(0x7bff)).toBe(65504);
    expect(float16BitsToNumber(0x8000)).toBe(-0);
    expect(Number.isNaN(float16BitsToNumber(0x7e00))).toBe(true);
    expect(bfloat16BitsToNumber(0xc2f7)).toBe(-123.5);
  });
});
