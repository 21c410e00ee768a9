/**
 * exp / log / pow / sin / cos built from IEEE-754 + − × ÷ only, so every JS engine returns the same bits.
 *
 * Why: ECMAScript leaves Math.exp/log/pow/sin/cos "implementation-approximated"; V8, SpiderMonkey and
 * JavaScriptCore may differ in the last ulp, and after 8-bit quantisation one ulp can flip a pixel. The
 * renderer promises identical bytes for identical seeds in Node and in every browser, so it uses these.
 * Math.sqrt, Math.floor, Math.round and Math.abs are exact by the spec and are used freely.
 * Accuracy: a few ulp over the ranges the renderer uses (checked against Math in the tests).
 */

const LN2_HI = 6.93147180369123816490e-1; // high bits of ln 2 (fdlibm split), so k·LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const TWO_PI_HI = 6.28318530717958623200; // 2π split in two for a Cody–Waite reduction
const TWO_PI_LO = 2.44929359829470635445e-16;
const HALF_PI_HI = 1.57079632679489655800;
const HALF_PI_LO = 6.12323399573676588613e-17;

const bits = new DataView(new ArrayBuffer(8));

/** POW2[k + 1022] = 2^k for k in [-1022, 1023], by exact doubling/halving (a table beats bit-poking per call). */
const POW2 = (() => {
  const t = new Float64Array(2046);
  t[1022] = 1;
  for (let k = 1; k <= 1023; k++) t[1022 + k] = t[1021 + k] * 2;
  for (let k = 1; k <= 1022; k++) t[1022 - k] = t[1023 - k] / 2;
  return t;
})();

/** 1/12! … 1/1!, 1/0!: Horner coefficients of the exp Taylor polynomial after its 1/13! leading term. */
const EXP_COEFFS = [1 / 479001600, 1 / 39916800, 1 / 3628800, 1 / 362880, 1 / 40320, 1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1, 1];
const SIN_COEFFS = [1 / 6227020800, -1 / 39916800, 1 / 362880, -1 / 5040, 1 / 120, -1 / 6];
const COS_COEFFS = [-1 / 87178291200, 1 / 479001600, -1 / 3628800, 1 / 40320, -1 / 720, 1 / 24, -1 / 2];

/** e^x. Range reduction x = k·ln2 + r, |r| ≤ ln2/2, then a degree-13 Taylor polynomial (error < 1e-17). */
export function dExp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709) return Infinity;
  if (x < -708) return 0; // the renderer never needs subnormal results
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  let p = 1 / 6227020800; // 1/13!
  for (let i = 0; i < EXP_COEFFS.length; i++) p = p * r + EXP_COEFFS[i];
  return p * POW2[k + 1022];
}

/** Natural log for x > 0: x = m·2^e with m in [√½, √2), log m = 2·atanh((m−1)/(m+1)) by its odd series. */
export function dLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let scale = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: lift subnormals into the normal range first
    scale = -54;
  }
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  let e = ((hi >>> 20) & 0x7ff) - 1023;
  bits.setUint32(0, (hi & 0x800fffff) | (1023 << 20)); // same mantissa, exponent 0 → m in [1, 2)
  let m = bits.getFloat64(0);
  if (m > Math.SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let p = 0;
  for (let n = 21; n >= 3; n -= 2) p = (p + 1 / n) * s2;
  const logM = 2 * (s + s * p);
  const k = e + scale;
  return k * LN2_HI + (logM + k * LN2_LO);
}

/** x^y for x ≥ 0 (0^y = 0 for y > 0, x^0 = 1). Used for superquadric exponents and albedo curves. */
export function dPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 0) return y > 0 ? 0 : Infinity;
  return dExp(y * dLog(x));
}

/** sin and cos of the reduced argument r in [−π/4, π/4] by Taylor series (error < 1e-17). */
function sinKernel(r: number): number {
  const r2 = r * r;
  let p = -1 / 1307674368000; // −1/15!
  for (let i = 0; i < SIN_COEFFS.length; i++) p = p * r2 + SIN_COEFFS[i];
  return r + r * r2 * p;
}
function cosKernel(r: number): number {
  const r2 = r * r;
  let p = 1 / 20922789888000; // 1/16!
  for (let i = 0; i < COS_COEFFS.length; i++) p = p * r2 + COS_COEFFS[i];
  return 1 + r2 * p;
}

/** Reduces x to r in [−π/4, π/4] and a quadrant q in 0..3 with x ≡ r + q·π/2 (module scratch: no allocation). */
let reducedR = 0;
let reducedQ = 0;
function reduce(x: number): void {
  const turns = Math.round(x / TWO_PI_HI);
  let r = x - turns * TWO_PI_HI - turns * TWO_PI_LO;
  const q = Math.round(r / HALF_PI_HI);
  r = r - q * HALF_PI_HI - q * HALF_PI_LO;
  reducedR = r;
  reducedQ = ((q % 4) + 4) % 4;
}

/** sin x, accurate for |x| < 1e5. */
export function dSin(x: number): number {
  reduce(x);
  const r = reducedR;
  if (reducedQ === 0) return sinKernel(r);
  if (reducedQ === 1) return cosKernel(r);
  if (reducedQ === 2) return -sinKernel(r);
  return -cosKernel(r);
}

/** cos x, accurate for |x| < 1e5. */
export function dCos(x: number): number {
  reduce(x);
  const r = reducedR;
  if (reducedQ === 0) return cosKernel(r);
  if (reducedQ === 1) return -sinKernel(r);
  if (reducedQ === 2) return -cosKernel(r);
  return sinKernel(r);
}

/** Degrees → radians, for the pose angles. */
export function degToRad(deg: number): number {
  return (deg * Math.PI) / 180;
}
