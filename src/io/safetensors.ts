/**
 * @file safetensors reader (format of huggingface/safetensors: u64 little-endian header length N,
 * N bytes of JSON `{name: {dtype, shape, data_offsets}, "__metadata__"?: {str: str}}`, then raw
 * little-endian data; offsets are relative to the start of the data section).
 *
 * Validation follows the reference implementation's rules: header size limit, known dtypes,
 * `end - begin == numel * itemsize`, and offsets that tile the data section without gaps/overlaps.
 */
import {
  DTYPE_BYTES, isSafetensorsDtype, typedArrayFor,
  type SafetensorsData, type SafetensorsDtype,
} from './safetensorsDtype';

export * from './safetensorsDtype';

/** Stable error codes, for UI help and tests. */
export type SafetensorsErrorCode =
  | 'TRUNCATED' | 'HEADER_TOO_LARGE' | 'BAD_JSON' | 'BAD_HEADER' | 'BAD_DTYPE' | 'BAD_OFFSETS' | 'NOT_FOUND';

export class SafetensorsError extends Error {
  readonly code: SafetensorsErrorCode;
  constructor(code: SafetensorsErrorCode, message: string) {
    super(`safetensors: ${message}`);
    this.name = 'SafetensorsError';
    this.code = code;
  }
}

/** Same limit as the reference Rust crate (`MAX_HEADER_SIZE`, 100 MB): protects against absurd allocations. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsTensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** [begin, end) relative to the data section start. */
  readonly dataOffsets: readonly [number, number];
}

export interface SafetensorsHeader {
  /** N: JSON header byte length. */
  readonly headerByteLength: number;
  /** 8 + N: absolute byte offset of the data section. */
  readonly dataStart: number;
  /** Bytes the data section must have (max end offset). */
  readonly dataByteLength: number;
  readonly metadata: Readonly<Record<string, string>> | null;
  /** Tensors in header (key) order. */
  readonly tensors: readonly SafetensorsTensorInfo[];
}

export interface SafetensorsTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: SafetensorsData;
}

export interface SafetensorsFile {
  readonly header: SafetensorsHeader;
  readonly metadata: Readonly<Record<string, string>> | null;
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
}

function asBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

/**
 * Reads N from the first 8 bytes. A streaming importer reads 8 bytes, calls this, then reads N more
 * and calls `readSafetensorsHeader`.
 */
export function readSafetensorsHeaderLength(prefix: Uint8Array | ArrayBuffer): number {
  const b = asBytes(prefix);
  if (b.byteLength < 8) throw new SafetensorsError('TRUNCATED', `need 8 bytes for the header length, got ${b.byteLength}`);
  const n = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError('HEADER_TOO_LARGE', `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  return Number(n);
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Parses and validates the header. `bytes` needs only the first 8 + N bytes of the file.
 * @param options.fileByteLength total file size when known (e.g. `File.size`): offsets are then
 *   checked against it; otherwise they are checked against `bytes` only when `bytes` holds more than the header.
 */
export function readSafetensorsHeader(
  bytes: Uint8Array | ArrayBuffer,
  options: { fileByteLength?: number } = {},
): SafetensorsHeader {
  const b = asBytes(bytes);
  const n = readSafetensorsHeaderLength(b);
  if (b.byteLength < 8 + n) {
    throw new SafetensorsError('TRUNCATED', `header says ${n} bytes of JSON but only ${b.byteLength - 8} follow`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(8, 8 + n)));
  } catch (e) {
    throw new SafetensorsError('BAD_JSON', `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SafetensorsError('BAD_HEADER', 'header JSON must be an object');
  }
  let metadata: Record<string, string> | null = null;
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)
        || Object.values(value).some((v) => typeof v !== 'string')) {
        throw new SafetensorsError('BAD_HEADER', '__metadata__ must be an object of strings');
      }
      metadata = value as Record<string, string>;
      continue;
    }
    tensors.push(parseTensorInfo(name, value));
  }
  // Offsets must tile [0, dataByteLength) exactly: no gaps, no overlaps (reference `validate`).
  const sorted = [...tensors].sort((x, y) => x.dataOffsets[0] - y.dataOffsets[0] || x.dataOffsets[1] - y.dataOffsets[1]);
  let cursor = 0;
  for (const t of sorted) {
    if (t.dataOffsets[0] !== cursor) {
      throw new SafetensorsError('BAD_OFFSETS', `tensor "${t.name}" starts at ${t.dataOffsets[0]}, expected ${cursor} (gap or overlap)`);
    }
    cursor = t.dataOffsets[1];
  }
  const dataStart = 8 + n;
  const available = options.fileByteLength ?? (b.byteLength > dataStart ? b.byteLength : undefined);
  if (available !== undefined && dataStart + cursor > available) {
    throw new SafetensorsError('TRUNCATED', `data section needs ${cursor} bytes but the file has ${available - dataStart}`);
  }
  return { headerByteLength: n, dataStart, dataByteLength: cursor, metadata, tensors };
}

function parseTensorInfo(name: string, value: unknown): SafetensorsTensorInfo {
  if (value === null || typeof value !== 'object') {
    throw new SafetensorsError('BAD_HEADER', `entry "${name}" must be an object`);
  }
  const v = value as Record<string, unknown>;
  if (!isSafetensorsDtype(v.dtype)) {
    throw new SafetensorsError('BAD_DTYPE', `tensor "${name}" has dtype ${JSON.stringify(v.dtype)}; expected one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
  }
  const shape = v.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError('BAD_HEADER', `tensor "${name}" has invalid shape ${JSON.stringify(shape)}`);
  }
  const off = v.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && d >= 0) || off[1] < off[0]) {
    throw new SafetensorsError('BAD_OFFSETS', `tensor "${name}" has invalid data_offsets ${JSON.stringify(off)}`);
  }
  const expected = numel(shape as number[]) * DTYPE_BYTES[v.dtype];
  if (off[1] - off[0] !== expected) {
    throw new SafetensorsError('BAD_OFFSETS', `tensor "${name}" spans ${off[1] - off[0]} bytes but ${v.dtype}${JSON.stringify(shape)} needs ${expected}`);
  }
  return { name, dtype: v.dtype, shape: shape as number[], dataOffsets: [off[0], off[1]] };
}

/**
 * Decodes one tensor from bytes that start at the data section (`dataSection[0]` = data offset 0).
 * Zero-copy when the slice is aligned for its element type; otherwise copied (safetensors does not
 * promise alignment, typed arrays require it).
 */
export function decodeSafetensorsTensor(info: SafetensorsTensorInfo, dataSection: Uint8Array): SafetensorsTensor {
  const [begin, end] = info.dataOffsets;
  if (end > dataSection.byteLength) {
    throw new SafetensorsError('TRUNCATED', `tensor "${info.name}" ends at ${end} but only ${dataSection.byteLength} data bytes are present`);
  }
  const itemSize = DTYPE_BYTES[info.dtype];
  const count = (end - begin) / itemSize;
  const absolute = dataSection.byteOffset + begin;
  let data: SafetensorsData;
  if (absolute % itemSize === 0) {
    data = typedArrayFor(info.dtype, dataSection.buffer, absolute, count);
  } else {
    const copy = dataSection.slice(begin, end);
    data = typedArrayFor(info.dtype, copy.buffer, 0, count);
  }
  return { dtype: info.dtype, shape: info.shape, data };
}

/** Parses a whole file held in memory. Tensor data are views on `bytes` where alignment allows. */
export function readSafetensors(bytes: Uint8Array | ArrayBuffer): SafetensorsFile {
  const b = asBytes(bytes);
  const header = readSafetensorsHeader(b, { fileByteLength: b.byteLength });
  const dataSection = b.subarray(header.dataStart);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const info of header.tensors) tensors.set(info.name, decodeSafetensorsTensor(info, dataSection));
  return { header, metadata: header.metadata, tensors };
}
