/** One table-driven contract test over every runnable scheduler class (no per-class branches). */
import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../testing/fixtures';
import { gaussianNoise } from '../random/gaussianNoise';
import { createScheduler, img2imgStart, RUNNABLE_SCHEDULER_NAMES, stepsRemaining } from './index';

const sd15 = readFixtureText('schedulers', 'sd15_scheduler_config.json');

describe.each(RUNNABLE_SCHEDULER_NAMES)('%s contract', (name) => {
  const { scheduler } = createScheduler(sd15, name);
  const plan = scheduler.setTimesteps(8);
  const sample = gaussianNoise(1, [1, 4, 4, 4]).map((v) => v * plan.initNoiseSigma);

  it('plans N descending timesteps (and N + 1 sigmas when sigma-based)', () => {
    expect(plan.timesteps.length).toBe(8);
    for (let i = 1; i < 8; i++) expect(plan.timesteps[i]).toBeLessThan(plan.timesteps[i - 1]);
    if (plan.sigmas) {
      expect(plan.sigmas.length).toBe(9);
      expect(plan.sigmas[8]).toBe(0);
    }
    expect(plan.beginIndex).toBe(0);
    expect(stepsRemaining(plan)).toBe(8);
    expect(() => scheduler.setTimesteps(0)).toThrow(RangeError);
  });

  it('runs a whole loop deterministically, never mutating inputs, demanding noise only when consumed', () => {
    const run = () => {
      let state = scheduler.initialState(plan);
      let x: Float32Array = sample.slice();
      for (let i = 0; i < 8; i++) {
        const before = x.slice();
        const xIn = scheduler.scaleModelInput(x, plan, i);
        expect(x).toEqual(before);
        const eps = xIn.map((v) => 0.3 * v);
        const noise = scheduler.stepConsumesNoise(plan, i) ? gaussianNoise(100 + i, [x.length]) : undefined;
        if (noise) expect(() => scheduler.step(state, eps, x, plan, i)).toThrow(/consumes noise/);
        const r = scheduler.step(state, eps, x, plan, i, noise);
        expect(x).toEqual(before);
        expect(r.prevSample.length).toBe(x.length);
        expect(r.prevSample.every(Number.isFinite)).toBe(true);
        state = r.state;
        x = r.prevSample;
      }
      return x;
    };
    expect(run()).toEqual(run());
    expect(() => scheduler.step(scheduler.initialState(plan), sample, sample, plan, 8)).toThrow(RangeError);
  });

  it('img2img truncation follows get_timesteps', () => {
    const full = scheduler.setTimesteps(25);
    const s = img2imgStart(full, 0.6, scheduler.order);
    expect(s.beginIndex).toBe(10);
    expect(s.numInferenceStepsReturned).toBe(15);
    expect(Array.from(s.timesteps)).toEqual(Array.from(full.timesteps.slice(10)));
    expect(s.latentTimestep).toBe(full.timesteps[10]);
    expect(stepsRemaining(s.plan)).toBe(15);
    expect(img2imgStart(full, 1).beginIndex).toBe(0);
    const none = img2imgStart(full, 0);
    expect(none.timesteps.length).toBe(0);
    expect(none.latentTimestep).toBeUndefined();
    // int(25 * 0.3) = 7 (truncation, not rounding)
    expect(img2imgStart(full, 0.3).numInferenceStepsReturned).toBe(7);
    expect(() => img2imgStart(full, 1.5)).toThrow(RangeError);
  });

  it('addNoise at the first step of a txt2img schedule is ~ pure noise scaled like init', () => {
    const clean = new Float32Array(sample.length);
    const noise = gaussianNoise(9, [sample.length]);
    const noised = scheduler.addNoise(clean, noise, plan, 0);
    const ratio = noised[0] / noise[0];
    for (let k = 1; k < 5; k++) expect(noised[k] / noise[k]).toBeCloseTo(ratio, 4);
  });
});
