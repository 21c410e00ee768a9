/**
 * @file Deterministic safetensors writer: tensors sorted by name (header and data), `__metadata__` first,
 * header padded with spaces so the data section starts at a multiple of 8 (as the reference crate does).
 */
import { DTYPE_BYTES, type SafetensorsData, type SafetensorsDtype } from './safetensorsDtype';
import { SafetensorsError } from './safetensors';

export interface SafetensorsTensorInput {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Elements in row-major order; F16/BF16 as raw bits (Uint16Array). */
  readonly data: SafetensorsData;
}

/**
 * Serialises tensors to a safetensors byte array. Same input -> same bytes.
 * @throws SafetensorsError('BAD_HEADER') when a payload's byte length does not match dtype x shape.
 */
export function writeSafetensors(
  tensors: Readonly<Record<string, SafetensorsTensorInput>> | ReadonlyMap<string, SafetensorsTensorInput>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const entries: [string, SafetensorsTensorInput][] = tensors instanceof Map
    ? [...(tensors as ReadonlyMap<string, SafetensorsTensorInput>).entries()]
    : Object.entries(tensors as Readonly<Record<string, SafetensorsTensorInput>>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    header.__metadata__ = Object.fromEntries(Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new SafetensorsError('BAD_HEADER', 'tensor name "__metadata__" is reserved');
    const n = t.shape.reduce((p, d) => p * d, 1);
    const bytes = n * DTYPE_BYTES[t.dtype];
    if (t.data.byteLength !== bytes) {
      throw new SafetensorsError('BAD_HEADER', `tensor "${name}": ${t.dtype}${JSON.stringify(t.shape)} needs ${bytes} bytes, data has ${t.data.byteLength}`);
    }
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.byteLength / 8) * 8;
  if (padded !== json.byteLength) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  let pos = 8 + padded;
  for (const [, t] of entries) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    pos += t.data.byteLength;
  }
  return out;
}
