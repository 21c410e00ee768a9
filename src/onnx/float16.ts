/**
 * @file IEEE 754 binary32 ↔ binary16 bit conversion (round-to-nearest-even, subnormals, ±inf, NaN),
 * used to store fp16 ONNX weights (TensorProto FLOAT16 keeps raw uint16 bits) and to read fp16 outputs.
 */

// One shared scratch pair to reinterpret float32 bits without allocating per value.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Converts one float32 value to float16 bits, rounding to nearest, ties to even. */
export function float32ToFloat16Bits(value: number): number {
  scratchF32[0] = value;
  return bitsF32ToF16(scratchU32[0]);
}

/** Same as {@link float32ToFloat16Bits} but takes the raw float32 bit pattern (uint32). */
export function bitsF32ToF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) {
    if (mant === 0) return sign | 0x7c00;
    // Keep the top payload bits and force the quiet bit so a NaN never collapses into infinity.
    return sign | 0x7c00 | 0x200 | (mant >>> 13);
  }
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // |x| < 2^-25 rounds to zero (2^-25 itself is a tie between 0 and the smallest subnormal → even → 0).
    if (e < -10) return sign;
    const m = mant | 0x800000; // implicit leading one
    const shift = 14 - e; // value in units of 2^-24 (the fp16 subnormal step) is m >> shift
    let half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    // A carry out of the subnormal range lands exactly on the smallest normal (0x0400): still correct.
    return sign | half;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h++;
  // A carry may ripple into the exponent; 0x7bff + 1 = 0x7c00 is +inf, which is the correct overflow.
  return sign | h;
}

/** Converts float16 bits (0..65535) to the exactly representable float32/float64 value. */
export function float16BitsToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** Converts a whole Float32Array to float16 bits (new Uint16Array, same length). */
export function float32ArrayToFloat16(src: Float32Array): Uint16Array {
  // Read bits through a Uint32 view when aligned (always true for Float32Array) to skip a float round trip.
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < bits.length; i++) out[i] = bitsF32ToF16(bits[i]);
  return out;
}

/** Converts float16 bits to a new Float32Array. */
export function float16ArrayToFloat32(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = float16BitsToFloat32(src[i]);
  return out;
}
