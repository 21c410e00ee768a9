import { describe, expect, it } from 'vitest';
import { dCos, dExp, dLog, dPow, dSin } from './deterministicMath';

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1e-300, Math.abs(b));
}

describe('deterministicMath', () => {
  it('dExp matches Math.exp to ~1e-15 relative over the renderer range', () => {
    for (let x = -60; x <= 60; x += 0.0137) expect(relErr(dExp(x), Math.exp(x))).toBeLessThan(4e-15);
    expect(dExp(0)).toBe(1);
    expect(dExp(-1000)).toBe(0);
    expect(dExp(1000)).toBe(Infinity);
  });

  it('dLog matches Math.log, including tiny and huge inputs', () => {
    for (let x = 1e-6; x < 1e6; x *= 1.0371) expect(Math.abs(dLog(x) - Math.log(x))).toBeLessThan(2e-15 * Math.max(1, Math.abs(Math.log(x))));
    expect(dLog(1)).toBe(0);
    expect(Math.abs(dLog(1e-310) - Math.log(1e-310))).toBeLessThan(1e-12);
    expect(dLog(0)).toBe(-Infinity);
    expect(Number.isNaN(dLog(-1))).toBe(true);
  });

  it('dPow matches Math.pow for positive bases', () => {
    for (let x = 0.001; x < 3; x += 0.0173) {
      for (const y of [0.3846, 0.5, 0.909, 2.2, 2.6, 1 / 2.6]) expect(relErr(dPow(x, y), Math.pow(x, y))).toBeLessThan(1e-14);
    }
    expect(dPow(0, 2)).toBe(0);
    expect(dPow(5, 0)).toBe(1);
  });

  it('dSin / dCos match Math over several turns', () => {
    for (let x = -40; x <= 40; x += 0.00731) {
      expect(Math.abs(dSin(x) - Math.sin(x))).toBeLessThan(2e-15);
      expect(Math.abs(dCos(x) - Math.cos(x))).toBeLessThan(2e-15);
    }
    expect(dSin(0)).toBe(0);
    expect(dCos(0)).toBe(1);
  });
});
