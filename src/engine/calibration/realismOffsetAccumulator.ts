/**
 * @file Running means of the two calibration sets (method.md §a.2 Eq. 1): Δ = mean(real) − mean(synthetic),
 * one sample at a time, so a calibration over thousands of photos never holds more than two sums in memory.
 */

/** Which set a sample belongs to. */
export type CalibrationSet = 'real' | 'synthetic';

export class RealismOffsetAccumulator {
  // float64 sums: a mean over many float32 samples would otherwise lose the small differences Δ is made of.
  private readonly sums: Record<CalibrationSet, Float64Array>;
  private readonly counts: Record<CalibrationSet, number> = { real: 0, synthetic: 0 };

  /** @param length values per sample (77·C for encoder outputs, D for id vectors) */
  constructor(readonly length: number) {
    if (!Number.isInteger(length) || length <= 0) throw new RangeError(`RealismOffsetAccumulator: length must be a positive integer, got ${length}`);
    this.sums = { real: new Float64Array(length), synthetic: new Float64Array(length) };
  }

  /** @throws on a sample of the wrong length or with a NaN/Inf (one bad sample would poison the whole mean) */
  add(set: CalibrationSet, sample: ArrayLike<number>): void {
    if (sample.length !== this.length) throw new RangeError(`RealismOffsetAccumulator: sample has ${sample.length} values, expected ${this.length}`);
    const sum = this.sums[set];
    for (let i = 0; i < sample.length; i++) {
      const v = sample[i];
      if (!Number.isFinite(v)) throw new RangeError(`RealismOffsetAccumulator: sample value ${i} is ${v}`);
      sum[i] += v;
    }
    this.counts[set]++;
  }

  count(set: CalibrationSet): number {
    return this.counts[set];
  }

  /** @returns float32 Δ = mean(real) − mean(synthetic) @throws while either set is empty */
  delta(): Float32Array {
    const { real, synthetic } = this.counts;
    if (real === 0 || synthetic === 0) {
      throw new RangeError(`Realism offset needs at least one usable image in each set (real: ${real}, synthetic: ${synthetic})`);
    }
    const out = new Float32Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.sums.real[i] / real - this.sums.synthetic[i] / synthetic;
    return out;
  }
}
