/**
 * @file Error measures used with the tolerances of fixtures/README.md ("Suggested tolerances").
 */

type Numeric = ArrayLike<number>;

function checkLengths(a: Numeric, b: Numeric): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
}

/** max_i |a_i - b_i| (NaN anywhere -> Infinity, so a NaN never passes a tolerance). */
export function maxAbs(actual: Numeric, expected: Numeric): number {
  checkLengths(actual, expected);
  let m = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (Number.isNaN(d)) {
      if (!(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) return Infinity;
    } else if (d > m) m = d;
  }
  return m;
}

/** mean_i |a_i - b_i|. */
export function meanAbs(actual: Numeric, expected: Numeric): number {
  checkLengths(actual, expected);
  if (actual.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - expected[i]);
  return s / actual.length;
}

/**
 * max_i |a_i - b_i| / |b_i|, with the plain absolute error where b_i == 0 (e.g. the final sigma 0).
 * Infinite values must match exactly.
 */
export function maxRel(actual: Numeric, expected: Numeric): number {
  checkLengths(actual, expected);
  let m = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (a === b) continue;
    const d = Math.abs(a - b) / (b === 0 ? 1 : Math.abs(b));
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** max_i |x_i|: the "max abs of the reference" that scales the step/trajectory tolerances. */
export function maxAbsValue(x: Numeric): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** Tolerance `base * max(1, max|reference|)`, the fixtures' rule for steps and trajectories. */
export function scaledTolerance(base: number, reference: Numeric): number {
  return base * Math.max(1, maxAbsValue(reference));
}
