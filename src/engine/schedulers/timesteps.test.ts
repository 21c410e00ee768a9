import { describe, expect, it } from 'vitest';
import { ddimTimesteps, dpmSolverTimesteps, eulerTimesteps, interpAtIndex, lcmTimesteps, npArange, npLinspace, roundHalfEven } from './timesteps';

describe('numpy helpers', () => {
  it('roundHalfEven is np.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 499.5, 998.5].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 500, 998]);
  });
  it('npLinspace / npArange', () => {
    expect(npLinspace(0, 999, 4)).toEqual([0, 333, 666, 999]);
    expect(npArange(1000, 0, -1000 / 3).length).toBe(3);
    expect(npArange(1000, 0, -250)).toEqual([1000, 750, 500, 250]);
  });
  it('interpAtIndex', () => {
    expect(interpAtIndex(1.25, [0, 4, 8])).toBe(5);
    expect(interpAtIndex(2, [0, 4, 8])).toBe(8);
  });
});

// Reference values: diffusers v0.29.2 set_timesteps (fixtures/schedulers/summary.json and the
// timestep_spacing table of arXiv:2305.08891).
describe('spacings', () => {
  it('DDIM', () => {
    expect(ddimTimesteps('leading', 1000, 4, 1)).toEqual([751, 501, 251, 1]);
    expect(ddimTimesteps('linspace', 1000, 4, 1)).toEqual([999, 666, 333, 0]);
    expect(ddimTimesteps('trailing', 1000, 10, 1)).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    // round(arange(1000, 0, -333.33)) = [1000, 667, 333], minus 1.
    expect(ddimTimesteps('trailing', 1000, 3, 0)).toEqual([999, 666, 332]);
  });
  it('Euler linspace keeps fractions', () => {
    expect(eulerTimesteps('linspace', 1000, 25, 1).slice(0, 3)).toEqual([999, 957.375, 915.75]);
    expect(eulerTimesteps('leading', 1000, 10, 1)).toEqual([901, 801, 701, 601, 501, 401, 301, 201, 101, 1]);
  });
  it('DPM-Solver uses N + 1 points', () => {
    expect(dpmSolverTimesteps('linspace', 1000, 4, 1, 1000)).toEqual([999, 749, 500, 250]);
    expect(dpmSolverTimesteps('leading', 1000, 10, 1, 1000)).toEqual([901, 811, 721, 631, 541, 451, 361, 271, 181, 91]);
    expect(dpmSolverTimesteps('trailing', 1000, 4, 0, 1000)).toEqual([999, 749, 499, 249]);
  });
  it('LCM', () => {
    expect(lcmTimesteps(1000, 4, 50)).toEqual([999, 759, 499, 259]);
    expect(lcmTimesteps(1000, 10, 50)).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    expect(() => lcmTimesteps(1000, 60, 50)).toThrow();
  });
  it('rejects unknown spacing', () => {
    expect(() => ddimTimesteps('sideways' as never, 1000, 4, 0)).toThrow(/linspace, leading or trailing/);
  });
});
