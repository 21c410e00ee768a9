import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitsF32ToF16, float16ArrayToFloat32, float16BitsToFloat32, float32ArrayToFloat16, float32ToFloat16Bits } from './float16';

/** Independent reference: every finite, non-negative-sign half value decoded by plain arithmetic, ascending. */
const positiveHalves: { bits: number; value: number }[] = [];
for (let e = 0; e < 31; e++) {
  for (let m = 0; m < 1024; m++) {
    const value = e === 0 ? m / 1024 * 2 ** -14 : (1 + m / 1024) * 2 ** (e - 15);
    positiveHalves.push({ bits: (e << 10) | m, value });
  }
}

/** Nearest half by binary search, ties to even mantissa, overflow per IEEE (≥ 65520 → inf). */
function referenceToHalf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  let lo = 0;
  let hi = positiveHalves.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (positiveHalves[mid].value <= a) lo = mid; else hi = mid;
  }
  const dLo = a - positiveHalves[lo].value;
  const dHi = positiveHalves[hi].value - a;
  if (dLo < dHi) return sign | positiveHalves[lo].bits;
  if (dHi < dLo) return sign | positiveHalves[hi].bits;
  return sign | ((positiveHalves[lo].bits & 1) === 0 ? positiveHalves[lo].bits : positiveHalves[hi].bits);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromBits = (b: number) => { u32[0] = b; return f32[0]; };

describe('float16', () => {
  it('decodes known values', () => {
    expect(float16BitsToFloat32(0x3c00)).toBe(1);
    expect(float16BitsToFloat32(0xc000)).toBe(-2);
    expect(float16BitsToFloat32(0x7bff)).toBe(65504);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0x0400)).toBe(2 ** -14);
    expect(float16BitsToFloat32(0x3555)).toBeCloseTo(0.33325195, 8);
    expect(float16BitsToFloat32(0x7c00)).toBe(Infinity);
    expect(float16BitsToFloat32(0xfc00)).toBe(-Infinity);
    expect(Object.is(float16BitsToFloat32(0x8000), -0)).toBe(true);
    expect(float16BitsToFloat32(0x7e00)).toBeNaN();
  });

  it('encodes known values', () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65519.99)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // tie between 65504 and 2^16 → even → inf
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-Infinity)).toBe(0xfc00);
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // tie with 0 → even
    expect(float32ToFloat16Bits(2 ** -25 * 1.0001)).toBe(0x0001);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // tie 1 vs 2 → even
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even mantissa
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    const nan = float32ToFloat16Bits(NaN);
    expect(nan & 0x7c00).toBe(0x7c00);
    expect(nan & 0x3ff).not.toBe(0);
    expect(float32ToFloat16Bits(fromBits(0x7f800001)) & 0x3ff).not.toBe(0); // signalling NaN with low payload stays NaN
  });

  it('round-trips all 65536 half bit patterns exactly (NaNs stay NaN)', () => {
    for (let h = 0; h < 0x10000; h++) {
      const back = float32ToFloat16Bits(float16BitsToFloat32(h));
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN) expect((back & 0x7c00) === 0x7c00 && (back & 0x3ff) !== 0).toBe(true);
      else if (back !== h) expect(back).toBe(h);
    }
  });

  it('rounds every exact midpoint between adjacent halves to the even one', () => {
    for (let i = 0; i + 1 < positiveHalves.length; i++) {
      const mid = (positiveHalves[i].value + positiveHalves[i + 1].value) / 2; // exact in float32 (≤ 12 significant bits)
      expect(Math.fround(mid)).toBe(mid);
      const got = float32ToFloat16Bits(mid);
      const want = (positiveHalves[i].bits & 1) === 0 ? positiveHalves[i].bits : positiveHalves[i + 1].bits;
      if (got !== want) expect([mid, got]).toEqual([mid, want]);
      expect(float32ToFloat16Bits(-mid)).toBe(want | 0x8000);
    }
  });

  it('matches a nearest-value search for random float32 bit patterns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
        const x = fromBits(bits);
        const want = referenceToHalf(x);
        const got = bitsF32ToF16(bits);
        if (Number.isNaN(want)) return (got & 0x7c00) === 0x7c00 && (got & 0x3ff) !== 0;
        return got === want;
      }),
      { numRuns: 200_000 },
    );
  });

  it('matches the reference densely around the fp16 range (0..70000, every 2^-6 step of the exponent)', () => {
    // Walk float32 bit patterns from the smallest values up past 65520 with a stride that covers each exponent.
    for (let bits = 0x33000000 - 0x10000; bits < 0x47900000; bits += 0x1001) {
      const x = fromBits(bits);
      if (bitsF32ToF16(bits) !== referenceToHalf(x)) expect([x, bitsF32ToF16(bits)]).toEqual([x, referenceToHalf(x)]);
    }
  });

  it('converts arrays both ways, including subarray views', () => {
    const src = new Float32Array([0, 1, -1.5, 1e-7, 70000, 0.1]);
    const view = src.subarray(1);
    const half = float32ArrayToFloat16(view);
    expect(Array.from(half)).toEqual(Array.from(view, (v) => referenceToHalf(v)));
    expect(Array.from(float16ArrayToFloat32(half))).toEqual(Array.from(half, float16BitsToFloat32));
  });
});
