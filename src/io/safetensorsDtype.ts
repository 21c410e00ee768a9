/**
 * @file safetensors dtype table and element decoders (format: huggingface/safetensors `Dtype`).
 * Half-precision types are kept as raw `Uint16Array` bits because Float16Array is not available
 * on Node 20; `toFloat32` decodes them when a float view is needed.
 */

/** dtypes this reader/writer understands, spelled as in the safetensors header. */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** Typed array holding one tensor's elements (F16/BF16: raw bits). */
export type SafetensorsData =
  | Float64Array
  | Float32Array
  | Uint16Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

export function isSafetensorsDtype(s: unknown): s is SafetensorsDtype {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_BYTES, s);
}

/** Decodes one IEEE binary16 value given as its 16 bits. */
export function float16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // subnormal (or zero)
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Decodes one bfloat16 value (upper half of a float32). */
export function bfloat16BitsToNumber(h: number): number {
  const u = new Uint32Array([h << 16]);
  return new Float32Array(u.buffer)[0];
}

/**
 * Converts any tensor payload to float32 (F16/BF16 decoded from bits, integers converted, F64 rounded).
 * Returns the input itself when it already is float32 data.
 */
export function toFloat32(dtype: SafetensorsDtype, data: SafetensorsData): Float32Array {
  if (dtype === 'F32') return data as Float32Array;
  const out = new Float32Array(data.length);
  if (dtype === 'F16') {
    const bits = data as Uint16Array;
    for (let i = 0; i < bits.length; i++) out[i] = float16BitsToNumber(bits[i]);
  } else if (dtype === 'BF16') {
    // bf16 -> f32 is a pure 16-bit shift, done in bulk through a Uint32 view.
    const u = new Uint32Array(out.buffer);
    const bits = data as Uint16Array;
    for (let i = 0; i < bits.length; i++) u[i] = bits[i] << 16;
  } else if (dtype === 'I64') {
    const v = data as BigInt64Array;
    for (let i = 0; i < v.length; i++) out[i] = Number(v[i]);
  } else {
    const v = data as Exclude<SafetensorsData, BigInt64Array>;
    for (let i = 0; i < v.length; i++) out[i] = v[i];
  }
  return out;
}

/**
 * I64 -> plain numbers (token ids, timesteps). Throws when a value is outside ±2^53, where a JS number
 * would silently lose precision.
 */
export function int64ToNumbers(data: BigInt64Array): number[] {
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`int64 value ${v} at index ${i} is not exactly representable as a JS number`);
    }
    out[i] = Number(v);
  }
  return out;
}

/** Creates a typed array of the dtype's kind over `bytes` (which must be aligned to the element size). */
export function typedArrayFor(dtype: SafetensorsDtype, buffer: ArrayBufferLike, byteOffset: number, length: number): SafetensorsData {
  switch (dtype) {
    case 'F64': return new Float64Array(buffer, byteOffset, length);
    case 'F32': return new Float32Array(buffer, byteOffset, length);
    case 'F16':
    case 'BF16': return new Uint16Array(buffer, byteOffset, length);
    case 'I64': return new BigInt64Array(buffer, byteOffset, length);
    case 'I32': return new Int32Array(buffer, byteOffset, length);
    case 'I16': return new Int16Array(buffer, byteOffset, length);
    case 'I8': return new Int8Array(buffer, byteOffset, length);
    case 'U8':
    case 'BOOL': return new Uint8Array(buffer, byteOffset, length);
  }
}
