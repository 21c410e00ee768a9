/** Per-job AbortControllers inside the worker, so `cancel(jobId)` reaches the loop that runs the job. */
import type { JobId } from './protocol';

export class JobRegistry {
  private readonly controllers = new Map<JobId, AbortController>();

  /** Registers a job and returns its signal; an id already cancelled before it started is aborted at once. */
  start(jobId: JobId): AbortSignal {
    const c = new AbortController();
    if (this.cancelledEarly.delete(jobId)) c.abort();
    this.controllers.set(jobId, c);
    return c.signal;
  }

  finish(jobId: JobId): void {
    this.controllers.delete(jobId);
  }

  /** Returns true when a running job was told to stop. */
  cancel(jobId: JobId): boolean {
    const c = this.controllers.get(jobId);
    if (!c) {
      // The cancel may overtake the start message; remember it briefly.
      this.cancelledEarly.add(jobId);
      if (this.cancelledEarly.size > 256) this.cancelledEarly.delete(this.cancelledEarly.values().next().value as JobId);
      return false;
    }
    c.abort();
    return true;
  }

  get running(): JobId[] {
    return [...this.controllers.keys()];
  }

  private readonly cancelledEarly = new Set<JobId>();
}
