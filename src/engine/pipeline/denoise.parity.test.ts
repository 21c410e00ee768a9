/**
 * End-to-end check of the denoise loop against every fixtures/schedulers trajectory: the fake UNet is
 * the fixtures' eps stand-in, guidance 1 (no CFG), the fixture's x_T / img2img_noise / step_noise
 * injected in place of seeded noise. Tolerance from fixtures/README.md (whole trajectory).
 */
import { describe, expect, it } from 'vitest';
import { fixturePath, listFixtureFiles, listFixtureFolders, loadFixture, maxAbs, maxAbsValue, readFixtureText } from '../../testing/fixtures';
import { epsStandIn } from '../../testing/schedulerParity';
import { createCpuLatentOps } from './createCpuLatentOps';
import { denoise } from './denoise';
import { fakeUnetRunner } from './fakeRunners.test-util';
import type { LatentOps } from './latentOps';
import type { FloatTensor, ModelRunner } from './modelRunner';

/** CPU ops that record every latent the loop produces (also exercises the LatentOps plug-in point). */
function recordingOps(runner: ModelRunner, trajectory: Float32Array[]): LatentOps<FloatTensor> {
  const cpu = createCpuLatentOps(runner);
  return {
    ...cpu,
    name: 'cpu-recording',
    bindScheduler(scheduler, plan) {
      const bound = cpu.bindScheduler(scheduler, plan);
      return {
        ...bound,
        async step(out, sample, i, guidance, noise) {
          const r = await bound.step(out, sample, i, guidance, noise);
          trajectory.push(r.sample.data.slice());
          return r;
        },
        async addNoise(clean, noise, i) {
          const r = await bound.addNoise(clean, noise, i);
          trajectory.push(r.data.slice());
          return r;
        },
      };
    },
  };
}

const inputs = loadFixture('schedulers', 'inputs.safetensors');
const shape = [...inputs.shape('x_T')];
const cases = listFixtureFolders('schedulers').flatMap((folder) =>
  listFixtureFiles(`schedulers/${folder}`, (n) => /^(txt2img|img2img)_.*\.safetensors$/.test(n)).map((file) => ({ folder, file })));

describe('denoise reproduces fixtures/schedulers trajectories (guidance 1, injected noise)', () => {
  it('has cases for every folder', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('parity: $folder/$file', async ({ folder, file }) => {
    const m = /^(txt2img|img2img)_steps(\d+)(?:_strength(\d+))?/.exec(file)!;
    const steps = Number(m[2]);
    const fx = loadFixture('schedulers', folder, file);
    const runner = fakeUnetRunner((x, t) => epsStandIn(x, t));
    const img2img = m[1] === 'img2img';
    const cond = { dims: [1, 77, 4], data: new Float32Array(77 * 4) };
    const trajectory: Float32Array[] = [];
    const res = await denoise({
      runner,
      latentOps: recordingOps(runner, trajectory),
      schedulerConfig: readFixtureText(fixturePath('schedulers', folder, 'scheduler_config.json')),
      steps,
      guidance: 1,
      seed: 7,
      cond,
      latentShape: shape.slice(0, 4),
      img2img: img2img ? { latents0: { dims: shape, data: inputs.float32('img2img_clean_latents') }, strength: Number(m[3]) / 100 } : undefined,
      noise: {
        initial: inputs.float32(img2img ? 'img2img_noise' : 'x_T'),
        forStep: (k) => inputs.row('step_noise', k),
      },
    });
    const samples = fx.float32('samples');
    const nSamples = fx.shape('samples')[0];
    const tol = 1e-4 * Math.max(1, maxAbsValue(samples));
    expect(res.stepsRun).toBe(nSamples - 1);
    expect(res.unetCalls).toBe(nSamples - 1);
    expect(res.readBacks).toBe(1);
    expect(maxAbs(res.timesteps, fx.numbers('timesteps'))).toBeLessThanOrEqual(1e-4);
    // Every UNet call: batch 1, one timestep; its input is scale_model_input(samples[k]).
    expect(runner.calls.every((c) => c.sampleDims[0] === 1 && c.timestep.length === 1)).toBe(true);
    if (fx.has('model_inputs')) {
      for (let k = 0; k < runner.calls.length; k++) expect(maxAbs(runner.calls[k].sample, fx.row('model_inputs', k))).toBeLessThanOrEqual(tol);
    }
    // Whole trajectory: img2img's noised start, then every step's x_{t-1}.
    if (img2img) expect(maxAbs(trajectory.shift()!, fx.float32('noised_start'))).toBeLessThanOrEqual(1e-5);
    expect(trajectory.length).toBe(nSamples - 1);
    for (let k = 0; k < trajectory.length; k++) expect(maxAbs(trajectory[k], fx.row('samples', k + 1))).toBeLessThanOrEqual(tol);
    expect(maxAbs(res.latents.data, fx.row('samples', nSamples - 1))).toBeLessThanOrEqual(tol);
  });
});
