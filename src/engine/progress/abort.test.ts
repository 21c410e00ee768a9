import { describe, expect, it } from 'vitest';
import { AbortError, isAbortError, raceAbort, throwIfAborted } from './abort';

describe('abort helpers', () => {
  it('raceAbort rejects at once when the signal fires mid-work', async () => {
    const c = new AbortController();
    let finish!: (v: number) => void;
    const work = new Promise<number>((r) => (finish = r));
    const raced = raceAbort(work, c.signal);
    c.abort();
    await expect(raced).rejects.toBeInstanceOf(AbortError);
    finish(1); // the abandoned work may still settle without an unhandled rejection
  });

  it('raceAbort passes results and errors through when not aborted', async () => {
    const c = new AbortController();
    await expect(raceAbort(Promise.resolve(7), c.signal)).resolves.toBe(7);
    await expect(raceAbort(Promise.reject(new Error('x')), c.signal)).rejects.toThrow('x');
  });

  it('throwIfAborted and isAbortError agree, also for errors cloned across a worker boundary', () => {
    const c = new AbortController();
    expect(() => throwIfAborted(c.signal)).not.toThrow();
    c.abort();
    expect(() => throwIfAborted(c.signal)).toThrow(AbortError);
    const cloned = Object.assign(new Error('Cancelled'), { name: 'AbortError' });
    expect(isAbortError(cloned)).toBe(true);
    expect(isAbortError(new Error('other'))).toBe(false);
  });
});
