/**
 * Minimal safetensors reader for the engine's parity tests only (Node; reads `fixtures/`).
 * Kept private to the engine tests so engine code imports nothing outside `src/engine`.
 * Format: 8-byte little-endian header length, JSON header `{name: {dtype, shape, data_offsets}}`,
 * raw little-endian data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type TestTensor =
  | { dtype: 'F32'; shape: number[]; data: Float32Array }
  | { dtype: 'F64'; shape: number[]; data: Float64Array }
  | { dtype: 'U8'; shape: number[]; data: Uint8Array }
  | { dtype: 'I64'; shape: number[]; data: BigInt64Array };

/** Absolute path of a file under the repository's `fixtures/` folder. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../../fixtures/${relative}`, import.meta.url));
}

/** Reads every tensor of a safetensors file (copies, so typed arrays are aligned). */
export function readSafetensors(path: string): Map<string, TestTensor> {
  const buf = readFileSync(path);
  const headerLen = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const base = 8 + headerLen;
  const out = new Map<string, TestTensor>();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [start, end] = info.data_offsets;
    const bytes = new Uint8Array(buf.subarray(base + start, base + end)); // copy → offset 0, aligned
    const ab = bytes.buffer;
    switch (info.dtype) {
      case 'F32': out.set(name, { dtype: 'F32', shape: info.shape, data: new Float32Array(ab) }); break;
      case 'F64': out.set(name, { dtype: 'F64', shape: info.shape, data: new Float64Array(ab) }); break;
      case 'U8': out.set(name, { dtype: 'U8', shape: info.shape, data: bytes }); break;
      case 'I64': out.set(name, { dtype: 'I64', shape: info.shape, data: new BigInt64Array(ab) }); break;
      default: throw new Error(`readSafetensors: unsupported dtype ${info.dtype} for ${name}`);
    }
  }
  return out;
}

/** Looks up a tensor and checks its dtype. */
export function tensor<D extends TestTensor['dtype']>(
  file: Map<string, TestTensor>,
  name: string,
  dtype: D,
): Extract<TestTensor, { dtype: D }> {
  const t = file.get(name);
  if (!t) throw new Error(`tensor ${name} missing; have: ${[...file.keys()].join(', ')}`);
  if (t.dtype !== dtype) throw new Error(`tensor ${name}: expected ${dtype}, got ${t.dtype}`);
  return t as Extract<TestTensor, { dtype: D }>;
}
