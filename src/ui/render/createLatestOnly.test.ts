import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLatestOnly } from './createLatestOnly';

/** A run function whose calls resolve when the test says so. */
function controllable() {
  const calls: { req: number; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const run = (req: number) => new Promise<string>((resolve, reject) => calls.push({ req, resolve, reject }));
  return { calls, run };
}

describe('createLatestOnly', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces a burst into one call for the last request', async () => {
    const { calls, run } = controllable();
    const results: string[] = [];
    const l = createLatestOnly({ run, onResult: (r) => results.push(r), onError: () => undefined, delayMs: 100 });
    l.request(1);
    l.request(2);
    await vi.advanceTimersByTimeAsync(50);
    l.request(3);
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.req)).toEqual([3]);
    calls[0].resolve('r3');
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual(['r3']);
  });

  it('keeps one call in flight and sends only the newest request after it', async () => {
    const { calls, run } = controllable();
    const results: [string, number][] = [];
    const l = createLatestOnly({ run, onResult: (r, req) => results.push([r, req]), onError: () => undefined, delayMs: 10 });
    l.request(1);
    await vi.advanceTimersByTimeAsync(10);
    l.request(2);
    l.request(3);
    await vi.advanceTimersByTimeAsync(10);
    l.request(4);
    await vi.advanceTimersByTimeAsync(50);
    expect(calls.map((c) => c.req)).toEqual([1]); // still busy
    calls[0].resolve('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.req)).toEqual([1, 4]);
    calls[1].resolve('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual([
      ['a', 1],
      ['b', 4],
    ]);
  });

  it('reports errors and goes on; after dispose nothing is called or reported', async () => {
    const { calls, run } = controllable();
    const errors: number[] = [];
    const results: string[] = [];
    const l = createLatestOnly({ run, onResult: (r) => results.push(r), onError: (_e, req) => errors.push(req), delayMs: 5 });
    l.request(1);
    await vi.advanceTimersByTimeAsync(5);
    calls[0].reject(new Error('bad'));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([1]);
    l.request(2);
    await vi.advanceTimersByTimeAsync(5);
    l.dispose();
    calls[1].resolve('late');
    l.request(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(results).toEqual([]);
    expect(calls).toHaveLength(2);
  });
});
