/** Cancellation helpers shared by every long engine/worker loop. */

/** The error a cancelled operation rejects with; the UI treats it as "cancelled", not as a failure. */
export class AbortError extends Error {
  readonly code = 'aborted';
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Throws AbortError if the signal has fired. Call between units of work (steps, files, images). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

export function isAbortError(e: unknown): boolean {
  return (
    e instanceof AbortError ||
    (typeof e === 'object' && e !== null && ((e as { name?: string }).name === 'AbortError' || (e as { code?: string }).code === 'aborted'))
  );
}

/** Lets the event loop breathe so a pending cancel message can be processed between heavy steps. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Rejects with AbortError as soon as the signal fires, even while `work` is still running.
 * Why: one model call (session creation with shader compilation, a UNet step on a slow device) cannot be
 * interrupted, yet the user's cancel must answer at once; the abandoned call finishes in the background and
 * its result is dropped.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new AbortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined);
      reject(new AbortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
