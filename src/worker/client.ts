/**
 * Main-thread side of the worker: creates the module worker lazily, wraps it with comlink, restarts it if it
 * crashes, and turns AbortSignals into `cancel(jobId)` calls. The UI never touches ORT.
 */
import * as Comlink from 'comlink';
import type { StudioApi } from './api';
import type { JobId } from './protocol';

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./studio.worker.ts', import.meta.url), { type: 'module', name: 'digi2real-studio' });

/** How long a cancelled job may take to stop before the worker is considered hung and restarted. */
const CANCEL_GRACE_MS = 10_000;

export class WorkerCrashedError extends Error {
  readonly code = 'worker-crashed';
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

export class StudioClient {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<StudioApi> | null = null;
  private generation = 0;
  private crashListeners = new Set<(why: string) => void>();
  private pendingRejects = new Set<(e: Error) => void>();
  private nextJob = 0;

  constructor(private readonly factory: WorkerFactory = defaultFactory) {}

  /** The comlink proxy; starts the worker on first use. */
  get api(): Comlink.Remote<StudioApi> {
    if (!this.remote) this.start();
    return this.remote!;
  }

  get restarts(): number {
    return Math.max(0, this.generation - 1);
  }

  newJobId(prefix = 'job'): JobId {
    this.nextJob += 1;
    return `${prefix}-${Date.now().toString(36)}-${this.nextJob}`;
  }

  onCrash(fn: (why: string) => void): () => void {
    this.crashListeners.add(fn);
    return () => this.crashListeners.delete(fn);
  }

  /**
   * Runs a worker call as a job: `signal` cancels it (the worker rejects with AbortError at its next check);
   * a worker crash rejects it with WorkerCrashedError instead of leaving it pending forever.
   */
  async runJob<T>(call: (api: Comlink.Remote<StudioApi>, jobId: JobId) => Promise<T>, opts: { signal?: AbortSignal; jobId?: JobId } = {}): Promise<T> {
    const jobId = opts.jobId ?? this.newJobId();
    const api = this.api;
    let rejectOnCrash!: (e: Error) => void;
    const crashed = new Promise<never>((_, reject) => {
      rejectOnCrash = reject;
    });
    this.pendingRejects.add(rejectOnCrash);
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      void api.cancel(jobId);
      const gen = this.generation;
      graceTimer = setTimeout(() => {
        if (gen === this.generation) this.restart(`job ${jobId} did not stop within ${CANCEL_GRACE_MS / 1000} s of cancel`);
      }, CANCEL_GRACE_MS);
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([call(api, jobId), crashed]);
    } finally {
      clearTimeout(graceTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      this.pendingRejects.delete(rejectOnCrash);
    }
  }

  /** Terminates the worker (tests use this to simulate a crash) and starts a fresh one on next use. */
  restart(why: string): void {
    this.stop();
    for (const reject of this.pendingRejects) reject(new WorkerCrashedError(`The model worker stopped: ${why}`));
    this.pendingRejects.clear();
    for (const fn of this.crashListeners) fn(why);
  }

  stop(): void {
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  private start(): void {
    const w = this.factory();
    this.generation += 1;
    w.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      this.restart(ev.message || 'uncaught error in the worker');
    });
    this.worker = w;
    this.remote = Comlink.wrap<StudioApi>(w);
  }
}

/** Wraps a progress callback so it can be passed to the worker. */
export function progressProxy<T extends (...args: never[]) => unknown>(fn: T): T {
  return Comlink.proxy(fn);
}
