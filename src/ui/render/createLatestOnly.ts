/**
 * Runs an async call for the latest request only: requests are debounced, at most one call is in flight,
 * and while it runs newer requests replace each other so only the newest is sent next. Why: dragging a
 * slider makes dozens of requests a second, and a 512 px render takes about a second in the worker; queueing
 * them all would make the preview lag further and further behind the slider.
 */
export interface LatestOnly<Req> {
  request(req: Req): void;
  /** Drops pending work and ignores any answer still to come. */
  dispose(): void;
}

export interface LatestOnlyOptions<Req, Res> {
  run: (req: Req) => Promise<Res>;
  onResult: (res: Res, req: Req) => void;
  onError: (error: unknown, req: Req) => void;
  delayMs: number;
  /** Injected in tests. */
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

export function createLatestOnly<Req, Res>(opts: LatestOnlyOptions<Req, Res>): LatestOnly<Req> {
  const timers = opts.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  let pending: { req: Req } | null = null;
  let timer: unknown = null;
  let inFlight = false;
  let disposed = false;

  const flush = () => {
    timer = null;
    if (disposed || inFlight || !pending) return;
    const { req } = pending;
    pending = null;
    inFlight = true;
    opts.run(req).then(
      (res) => {
        if (!disposed) opts.onResult(res, req);
      },
      (e) => {
        if (!disposed) opts.onError(e, req);
      },
    ).finally(() => {
      inFlight = false;
      // A request that arrived meanwhile has waited long enough already unless its debounce is still running.
      if (timer === null) flush();
    });
  };

  return {
    request(req) {
      if (disposed) return;
      pending = { req };
      if (timer !== null) timers.clear(timer);
      timer = timers.set(flush, opts.delayMs);
    },
    dispose() {
      disposed = true;
      pending = null;
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
  };
}
