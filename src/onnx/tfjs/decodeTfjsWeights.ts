/**
 * @file Reads the constant tensors of a TFJS graph model from its concatenated `.bin` shards, following
 * tfjs-core `io.decodeWeights`: weights lie back to back in manifest order; quantised ones are stored
 * as uint8/uint16 (`q·scale + min`) or float16 and widened to their declared dtype.
 */
import { float16BitsToFloat32 } from '../float16';
import type { TfjsWeightGroup, TfjsWeightSpec } from './tfjsModel';

/** A decoded constant. `float16Bits` keeps the stored half floats so a converter can store them as such. */
export type TfjsWeight =
  | { dtype: 'float32'; shape: number[]; data: Float32Array; float16Bits?: Uint16Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'bool'; shape: number[]; data: Uint8Array };

const STORED_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Concatenates the shard files of all groups in manifest order (the byte stream the specs index). */
export function concatShards(shards: readonly Uint8Array[]): Uint8Array {
  const total = shards.reduce((a, s) => a + s.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const s of shards) {
    out.set(s, at);
    at += s.byteLength;
  }
  return out;
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function decodeOne(spec: TfjsWeightSpec, view: DataView, offset: number): TfjsWeight {
  const n = count(spec.shape);
  const q = spec.quantization;
  const shape = [...spec.shape];
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32' && spec.dtype !== 'bool') {
    throw new Error(`weight "${spec.name}": dtype ${spec.dtype} is not supported (float32, int32 and bool are)`);
  }
  if (q) {
    if (q.dtype === 'float16') {
      if (spec.dtype !== 'float32') throw new Error(`weight "${spec.name}": float16 quantisation of ${spec.dtype} is not supported`);
      const bits = new Uint16Array(n);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        bits[i] = view.getUint16(offset + 2 * i, true);
        data[i] = float16BitsToFloat32(bits[i]);
      }
      return { dtype: 'float32', shape, data, float16Bits: bits };
    }
    if (q.dtype === 'uint8' || q.dtype === 'uint16') {
      const scale = q.scale ?? 1;
      const min = q.min ?? 0;
      const read = q.dtype === 'uint8' ? (i: number) => view.getUint8(offset + i) : (i: number) => view.getUint16(offset + 2 * i, true);
      if (spec.dtype === 'int32') {
        // tfjs rounds dequantised integers back to whole numbers (io_utils `decodeWeight`).
        return { dtype: 'int32', shape, data: Int32Array.from({ length: n }, (_, i) => Math.round(read(i) * scale + min)) };
      }
      if (spec.dtype !== 'float32') throw new Error(`weight "${spec.name}": ${q.dtype} quantisation of ${spec.dtype} is not supported`);
      // tfjs computes `q·scale + min` in double precision and rounds once when storing to float32; so do we.
      return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, (_, i) => read(i) * scale + min) };
    }
    throw new Error(`weight "${spec.name}": quantisation dtype ${String((q as { dtype: unknown }).dtype)} is not supported (uint8, uint16, float16 are)`);
  }
  switch (spec.dtype) {
    case 'float32': {
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(offset + 4 * i, true);
      return { dtype: 'float32', shape, data };
    }
    case 'int32': {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getInt32(offset + 4 * i, true);
      return { dtype: 'int32', shape, data };
    }
    case 'bool':
      return { dtype: 'bool', shape, data: new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + n)) };
  }
}

/** Bytes a spec occupies in the shard stream. */
export function storedWeightBytes(spec: TfjsWeightSpec): number {
  const per = STORED_BYTES[spec.quantization?.dtype ?? spec.dtype];
  if (per === undefined) throw new Error(`weight "${spec.name}": unknown stored dtype ${spec.quantization?.dtype ?? spec.dtype}`);
  return per * count(spec.shape);
}

/**
 * Decodes every weight of the manifest from the concatenated shard bytes (see {@link concatShards}).
 * @throws if the bytes are shorter or longer than the manifest describes (a wrong or truncated `.bin`).
 */
export function decodeTfjsWeights(manifest: readonly TfjsWeightGroup[], data: Uint8Array): Map<string, TfjsWeight> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Map<string, TfjsWeight>();
  let offset = 0;
  for (const group of manifest) {
    for (const spec of group.weights) {
      const bytes = storedWeightBytes(spec);
      if (offset + bytes > data.byteLength) {
        throw new Error(`weight "${spec.name}" needs bytes ${offset}..${offset + bytes} but the shards hold only ${data.byteLength}`);
      }
      out.set(spec.name, decodeOne(spec, view, offset));
      offset += bytes;
    }
  }
  if (offset !== data.byteLength) throw new Error(`the manifest describes ${offset} bytes of weights but the shards hold ${data.byteLength}`);
  return out;
}
