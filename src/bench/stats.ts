/**
 * @file Summary statistics for benchmark samples: every figure the bench reports is the median of
 * several runs taken after warm-up, shown with its min and max so the spread is visible.
 */

/** Median, min and max of one set of samples (same unit as the samples, usually ms). */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many samples went in. */
  readonly n: number;
}

/**
 * Summarises samples. The median of an even count is the mean of the two middle values.
 * @throws RangeError on an empty list or a non-finite sample (a broken timer must not look like a figure)
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  for (const s of samples) if (!Number.isFinite(s)) throw new RangeError(`summarize: sample ${s} is not finite`);
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/**
 * A ratio of two summaries measured in the same run: median ÷ median, with the extreme ratios
 * (min ÷ max, max ÷ min) as its bounds — a conservative spread, not a confidence interval.
 */
export function ratio(numerator: Summary, denominator: Summary): Summary {
  if (denominator.median === 0 || denominator.min === 0) throw new RangeError('ratio: denominator is zero');
  return {
    median: numerator.median / denominator.median,
    min: numerator.min / denominator.max,
    max: numerator.max / denominator.min,
    n: Math.min(numerator.n, denominator.n),
  };
}

/** Maps every value of a summary (e.g. ms → GFLOP/s via `x => flops / x / 1e6`), keeping min ≤ max. */
export function mapSummary(s: Summary, f: (x: number) => number): Summary {
  const a = f(s.min);
  const b = f(s.max);
  return { median: f(s.median), min: Math.min(a, b), max: Math.max(a, b), n: s.n };
}

/**
 * Times `fn` `runs` times after `warmup` untimed calls.
 * Why sequential: runs of one session are serialised anyway, and overlapping them would hide latency.
 */
export async function measure(fn: () => Promise<unknown>, opts: { warmup: number; runs: number; now?: () => number }): Promise<Summary> {
  const now = opts.now ?? (() => performance.now());
  for (let i = 0; i < opts.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = now();
    await fn();
    samples.push(now() - t0);
  }
  return summarize(samples);
}
