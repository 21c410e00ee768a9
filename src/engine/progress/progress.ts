/**
 * Progress of a long operation, as data. Every long worker operation reports through this one shape so the
 * UI can draw one kind of progress bar: phase name, done/total in the phase's unit, and an ETA when known.
 */
export interface Progress {
  jobId: string;
  /** What is happening, e.g. 'download', 'init', 'step', 'decode', 'export'. */
  phase: string;
  /** Units finished in this phase (bytes, steps, images). */
  done: number;
  /** Units in this phase; 0 when unknown. */
  total: number;
  /** Estimated milliseconds until the phase finishes; null while unknown. */
  etaMs: number | null;
  /** Optional detail, e.g. the file or component name. */
  detail?: string;
  /** A small intermediate image (phase 'preview': a denoise loop's latent preview, RGBA). */
  preview?: { rgba: Uint8ClampedArray; width: number; height: number };
}

export type ProgressSink = (p: Progress) => void;

/**
 * Tracks one phase and derives an ETA from the average rate so far.
 * Why average and not instantaneous rate: steps of a sampler have near-constant cost, and
 * the average is stable where a per-step rate jitters.
 */
export class ProgressTracker {
  private readonly startedAt: number;

  constructor(
    private readonly jobId: string,
    private readonly phase: string,
    private readonly total: number,
    private readonly sink: ProgressSink | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly detail?: string,
  ) {
    this.startedAt = this.now();
  }

  /** Report `done` units finished. */
  report(done: number): Progress {
    const elapsed = this.now() - this.startedAt;
    const etaMs = done > 0 && this.total > 0 ? Math.max(0, (elapsed / done) * (this.total - done)) : null;
    const p: Progress = { jobId: this.jobId, phase: this.phase, done, total: this.total, etaMs, detail: this.detail };
    this.sink?.(p);
    return p;
  }
}

/**
 * Wraps a sink so that it forwards at most one report per `intervalMs`, always forwarding the first and
 * the final (done === total) report. Keeps worker→UI message traffic small during fast loops.
 */
export function throttleProgress(sink: ProgressSink, intervalMs: number, now: () => number = () => performance.now()): ProgressSink {
  let last = -Infinity;
  return (p) => {
    const t = now();
    const final = p.total > 0 && p.done >= p.total;
    // Previews are sparse by design (every k steps) and would be lost to the throttle, so they always pass.
    if (final || p.preview !== undefined || t - last >= intervalMs) {
      last = t;
      sink(p);
    }
  };
}
