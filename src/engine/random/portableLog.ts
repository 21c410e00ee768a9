/**
 * @file Natural logarithm from +, -, *, / only. ECMAScript leaves Math.log's last-bit accuracy to the
 * engine, whereas the basic operations are correctly rounded everywhere; building log from them
 * makes the Gaussian generator bit-identical across engines.
 */

const SQRT2 = Math.SQRT2;
const LN2 = 0.6931471805599453; // exact float64 of ln 2, same literal as Math.LN2
const scratch = new DataView(new ArrayBuffer(8));

/**
 * ln(x) for finite x > 0 (relative error < 1e-15). x = m * 2^e with m in [sqrt(1/2), sqrt(2)),
 * ln m = 2 atanh(u) = 2 (u + u^3/3 + u^5/5 + ...), u = (m - 1) / (m + 1), |u| < 0.1716; 12 terms
 * bring the truncation below 1e-18.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    return NaN;
  }
  let e = 0;
  let m = x;
  if (m < 2 ** -1000) { m *= 2 ** 64; e -= 64; } // subnormals: normalise first (exact)
  scratch.setFloat64(0, m);
  const hi = scratch.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  scratch.setUint32(0, (hi & 0x800fffff) | (1023 << 20)); // same mantissa, exponent 0 -> m in [1, 2)
  m = scratch.getFloat64(0);
  if (m >= SQRT2) { m /= 2; e += 1; }
  const u = (m - 1) / (m + 1);
  const u2 = u * u;
  let p = 1 / 25;
  for (let k = 11; k >= 0; k--) p = 1 / (2 * k + 1) + u2 * p;
  return e * LN2 + 2 * u * p;
}
