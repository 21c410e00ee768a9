/**
 * Passes on the latest of a stream of values at most once per interval: the first at once, then the newest
 * one when the interval has passed (values in between are dropped, never queued). Live previews use it so
 * the main thread redraws a few times a second however often the worker sends one, and the last preview
 * before a pause is still shown.
 */
export interface LatestThrottle<T> {
  push(value: T): void;
  /** Drops a pending value; nothing is delivered afterwards. */
  cancel(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function latestThrottle<T>(deliver: (value: T) => void, intervalMs: number, clock: ThrottleClock = realClock): LatestThrottle<T> {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  let cancelled = false;
  const fire = () => {
    timer = null;
    if (!pending || cancelled) return;
    const { value } = pending;
    pending = null;
    last = clock.now();
    deliver(value);
  };
  return {
    push(value) {
      if (cancelled) return;
      pending = { value };
      if (timer !== null) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    cancel() {
      cancelled = true;
      pending = null;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
