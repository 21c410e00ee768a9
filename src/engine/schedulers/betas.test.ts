import { describe, expect, it } from 'vitest';
import { loadFixture, maxRel } from '../../testing/fixtures';
import { alphasCumprodFromConfig, betasFromConfig } from './betas';
import { SCHEDULER_DEFAULTS } from './config';

const base = { ...SCHEDULER_DEFAULTS.DDIMScheduler };
const inputs = loadFixture('schedulers', 'inputs.safetensors');

describe('beta schedules', () => {
  it('scaled_linear matches the fixture betas / alphas_cumprod (rel 1e-5; torch float32 linspace within 1 ulp)', () => {
    const cfg = { ...base, beta_schedule: 'scaled_linear' as const, beta_start: 0.00085, beta_end: 0.012 };
    expect(maxRel(betasFromConfig(cfg), inputs.float32('betas'))).toBeLessThan(1e-6);
    expect(maxRel(alphasCumprodFromConfig(cfg), inputs.float32('alphas_cumprod'))).toBeLessThan(1e-6);
  });

  it('trained_betas overrides the schedule (a branch other ports silently ignore)', () => {
    const fixtureBetas = Array.from(inputs.float32('betas'));
    const cfg = { ...base, beta_schedule: 'linear' as const, trained_betas: fixtureBetas };
    expect(Array.from(betasFromConfig(cfg))).toEqual(fixtureBetas);
    expect(maxRel(alphasCumprodFromConfig(cfg), inputs.float32('alphas_cumprod'))).toBeLessThan(1e-6);
  });

  it('linear and squaredcos_cap_v2 agree with a float64 re-derivation', () => {
    const lin = betasFromConfig({ ...base, beta_schedule: 'linear' });
    const ref = Array.from({ length: 1000 }, (_, i) => 0.0001 + (i * (0.02 - 0.0001)) / 999);
    expect(maxRel(lin, ref)).toBeLessThan(1e-6);
    const cos = betasFromConfig({ ...base, beta_schedule: 'squaredcos_cap_v2' });
    const abar = (t: number) => Math.cos(((t + 0.008) / 1.008) * Math.PI / 2) ** 2;
    const refCos = Array.from({ length: 1000 }, (_, i) => Math.min(1 - abar((i + 1) / 1000) / abar(i / 1000), 0.999));
    expect(maxRel(cos, refCos)).toBeLessThan(1e-6);
    expect(cos[999]).toBeCloseTo(0.999, 6);
  });

  it('rescale_betas_zero_snr gives zero terminal SNR (alphas_cumprod[-1] = 2^-24)', () => {
    const cfg = { ...base, beta_schedule: 'scaled_linear' as const, beta_start: 0.00085, beta_end: 0.012, rescale_betas_zero_snr: true };
    const betas = betasFromConfig(cfg);
    expect(betas[999]).toBe(1);
    const ac = alphasCumprodFromConfig(cfg);
    expect(ac[999]).toBe(2 ** -24);
    expect(ac[0]).toBeCloseTo(inputs.float32('alphas_cumprod')[0], 6);
  });

  it('rejects unknown schedules', () => {
    expect(() => betasFromConfig({ ...base, beta_schedule: 'sigmoid' as never })).toThrow(/linear, scaled_linear or squaredcos_cap_v2/);
  });
});
