import { describe, expect, it } from 'vitest';
import { latestThrottle, type ThrottleClock } from './latestThrottle';

/** A manual clock: time moves only when the test advances it, and due timers run in order. */
function manualClock() {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const clock: ThrottleClock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => void (timers = timers.filter((x) => x.id !== h)),
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((x) => x !== due);
      t = due.at;
      due.fn();
    }
    t = end;
  };
  return { clock, advance, pendingTimers: () => timers.length };
}

describe('latestThrottle', () => {
  it('delivers the first value at once, then only the newest value once per interval', () => {
    const { clock, advance } = manualClock();
    const got: [number, number][] = [];
    const th = latestThrottle<number>((v) => got.push([clock.now(), v]), 200, clock);
    th.push(1);
    th.push(2);
    th.push(3);
    advance(50);
    th.push(4);
    advance(200);
    th.push(5);
    advance(1000);
    // 1 at t=0; 4 (the newest of 2,3,4) at t=200; 5 at t=400 (200 after the previous delivery).
    expect(got).toEqual([
      [0, 1],
      [200, 4],
      [400, 5],
    ]);
  });

  it('delivers again at once after a quiet interval', () => {
    const { clock, advance } = manualClock();
    const got: number[] = [];
    const th = latestThrottle<number>((v) => got.push(v), 100, clock);
    th.push(1);
    advance(500);
    th.push(2);
    expect(got).toEqual([1, 2]);
  });

  it('delivers nothing after cancel, including a value waiting for its turn', () => {
    const { clock, advance, pendingTimers } = manualClock();
    const got: number[] = [];
    const th = latestThrottle<number>((v) => got.push(v), 100, clock);
    th.push(1);
    th.push(2);
    th.cancel();
    expect(pendingTimers()).toBe(0);
    th.push(3);
    advance(1000);
    expect(got).toEqual([1]);
  });
});
