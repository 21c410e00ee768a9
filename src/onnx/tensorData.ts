/**
 * @file Element types and in-memory tensors accepted by the graph builder, and their mapping to
 * ONNX TensorProto.DataType. Raw bytes are the typed array's own little-endian memory (see rawBytes).
 */
import { TensorDataType } from './onnxProto';

/** Element types the builder writes. `float16` data are raw IEEE half bits in a Uint16Array. */
export type DType = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'bool';

/** Typed array backing each DType (`bool` = one byte per element, 0 or 1). */
export interface DTypeArrays {
  float32: Float32Array;
  float16: Uint16Array;
  int64: BigInt64Array;
  int32: Int32Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

/** A dense tensor: `data.length` must equal the product of `dims` (1 for a scalar, dims = []). */
export type TensorData = { [K in DType]: { dtype: K; dims: number[]; data: DTypeArrays[K] } }[DType];

/** ONNX TensorProto.DataType code for each DType. */
export const ONNX_DTYPE: Record<DType, number> = {
  float32: TensorDataType.FLOAT,
  float16: TensorDataType.FLOAT16,
  int64: TensorDataType.INT64,
  int32: TensorDataType.INT32,
  uint8: TensorDataType.UINT8,
  bool: TensorDataType.BOOL,
};

/** Readable name for every ONNX data type code (a superset of DType, for reading foreign models). */
export const ONNX_DTYPE_NAME: Record<number, string> = {
  0: 'undefined', 1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64',
  8: 'string', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64',
  15: 'complex128', 16: 'bfloat16',
};

/** Bytes per element by ONNX data type code (strings have no fixed size → undefined). */
export const ONNX_DTYPE_BYTES: Record<number, number> = {
  1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2,
};

const ARRAY_CTOR = {
  float32: Float32Array, float16: Uint16Array, int64: BigInt64Array, int32: Int32Array,
  uint8: Uint8Array, bool: Uint8Array,
} as const;

/** Product of dims (1 for a scalar). */
export function numElements(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Throws a descriptive error when dtype, array class, dims and length disagree. */
export function checkTensor(name: string, t: TensorData): void {
  const ctor = ARRAY_CTOR[t.dtype];
  if (!ctor) throw new Error(`Tensor "${name}": unknown dtype "${String(t.dtype)}" (expected ${Object.keys(ARRAY_CTOR).join(', ')})`);
  // instanceof rather than constructor names so Node Buffers (a Uint8Array subclass) are accepted.
  if (!(t.data instanceof ctor)) {
    throw new Error(`Tensor "${name}": dtype ${t.dtype} needs a ${ctor.name}, got ${t.data.constructor.name}`);
  }
  for (const d of t.dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`Tensor "${name}": bad dimension ${d} in [${t.dims.join(', ')}]`);
  }
  const n = numElements(t.dims);
  if (n !== t.data.length) {
    throw new Error(`Tensor "${name}": dims [${t.dims.join(', ')}] hold ${n} elements but data has ${t.data.length}`);
  }
}

// TensorProto.raw_data is little-endian by spec; we hand out the typed array's memory as-is (no copy of
// gigabytes of weights), which is only correct on little-endian hosts — every browser and Node target today.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The tensor's bytes in ONNX raw_data layout: a view over `t.data`, not a copy. */
export function rawBytes(t: TensorData): Uint8Array {
  if (!littleEndian) throw new Error('ONNX raw_data is little-endian; big-endian hosts are not supported');
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}
