/**
 * The resident LatentOps on onnxruntime-web's CPU backend (the WASM code path; WebGPU runs the same
 * graphs on GPU buffers, checked in e2e/arc2face.spec.ts): the denoise loop over it must give the
 * host schedulers' latents — every fixtures/schedulers trajectory, CFG, img2img, previews — while
 * reading the latents back once per image (+ once per preview).
 */
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, listFixtureFiles, listFixtureFolders, loadFixture, maxAbs, maxAbsValue, readFixtureText } from '../../testing/fixtures';
import { epsStandIn } from '../../testing/schedulerParity';
import { denoise, type DenoiseOptions } from '../../engine/pipeline/denoise';
import { fakeUnetRunner, filledTensor } from '../../engine/pipeline/fakeRunners.test-util';
import { NonFiniteLatentsError } from '../../engine/pipeline/NonFiniteLatentsError';
import type { RunnableSchedulerName } from '../../engine/schedulers';
import { CASE_LATENT_SHAPE, condEps, DPM_CONFIG as DPM, denoiseCase } from './denoiseCase.test-util';
import { ortOps } from './cpuLatentOps.test-util';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const inputs = loadFixture('schedulers', 'inputs.safetensors');
const shape = [...inputs.shape('x_T')];
const cases = listFixtureFolders('schedulers').flatMap((folder) =>
  listFixtureFiles(`schedulers/${folder}`, (n) => /^(txt2img|img2img)_.*\.safetensors$/.test(n)).map((file) => ({ folder, file })));

describe('resident ops reproduce fixtures/schedulers trajectories (guidance 1, injected noise)', () => {
  it.each(cases)('$folder/$file', async ({ folder, file }) => {
    const m = /^(txt2img|img2img)_steps(\d+)(?:_strength(\d+))?/.exec(file)!;
    const img2img = m[1] === 'img2img';
    const fx = loadFixture('schedulers', folder, file);
    const ops = ortOps(fakeUnetRunner((x, t) => epsStandIn(x, t)));
    const res = await denoise({
      runner: fakeUnetRunner(() => { throw new Error('the ops run the UNet'); }),
      latentOps: ops,
      schedulerConfig: readFixtureText(fixturePath('schedulers', folder, 'scheduler_config.json')),
      steps: Number(m[2]),
      guidance: 1,
      seed: 7,
      cond: { dims: [1, 77, 4], data: new Float32Array(77 * 4) },
      latentShape: shape.slice(0, 4),
      img2img: img2img ? { latents0: { dims: shape, data: inputs.float32('img2img_clean_latents') }, strength: Number(m[3]) / 100 } : undefined,
      noise: { initial: inputs.float32(img2img ? 'img2img_noise' : 'x_T'), forStep: (k) => inputs.row('step_noise', k) },
    });
    const samples = fx.float32('samples');
    const last = fx.row('samples', fx.shape('samples')[0] - 1);
    expect(maxAbs(res.latents.data, last)).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbsValue(samples)));
    expect(res.readBacks).toBe(1);
    expect(ops.deviceReads).toBe(1);
  });
});

const SHAPE = CASE_LATENT_SHAPE;
const base = (over: Partial<DenoiseOptions<unknown>> = {}) => denoiseCase(6, over);

describe('resident ops vs host ops with CFG (seeded noise, every scheduler class)', () => {
  const classes: RunnableSchedulerName[] = ['DPMSolverMultistepScheduler', 'EulerAncestralDiscreteScheduler', 'EulerDiscreteScheduler', 'DDIMScheduler', 'LCMScheduler'];
  it.each(classes)('%s, txt2img and img2img', async (schedulerClass) => {
    for (const img2img of [undefined, { latents0: filledTensor(SHAPE, (i) => Math.sin(i)), strength: 0.7 }]) {
      const host = await denoise(base({ schedulerClass, img2img }));
      const runner = fakeUnetRunner(condEps);
      const ops = ortOps(runner);
      const resident = await denoise(base({ schedulerClass, img2img, latentOps: ops as never }));
      expect(maxAbs(resident.latents.data, host.latents.data)).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbsValue(host.latents.data)));
      expect(resident.unetCalls).toBe(host.unetCalls);
      expect(runner.calls.every((c) => c.sampleDims[0] === 2 && c.ehsDims[0] === 2)).toBe(true);
      expect(resident.readBacks).toBe(1);
      expect(ops.deviceReads).toBe(1);
    }
  });

  it('previews: one extra read per preview, x0 estimates matching the host ones', async () => {
    const hostPreviews: Float32Array[] = [];
    await denoise(base({ steps: 7, previewEvery: 2, onPreview: (p) => hostPreviews.push(p.latents.data) }));
    const ops = ortOps(fakeUnetRunner(condEps));
    const previews: { step: number; kind: string; data: Float32Array }[] = [];
    const res = await denoise(base({ steps: 7, previewEvery: 2, latentOps: ops as never, onPreview: (p) => previews.push({ step: p.step, kind: p.kind, data: p.latents.data }) }));
    expect(previews.map((p) => [p.step, p.kind])).toEqual([[2, 'pred-original'], [4, 'pred-original'], [6, 'pred-original']]);
    previews.forEach((p, k) => expect(maxAbs(p.data, hostPreviews[k])).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbsValue(hostPreviews[k]))));
    expect(res.readBacks).toBe(4);
    expect(ops.deviceReads).toBe(4);
  });

  it('a config without a coefficient form (DDIM clip_sample) runs its steps on the host, and says so in the read count', async () => {
    const config = { ...JSON.parse(DPM.replace(/-?Infinity/g, '0')), clip_sample: true, clip_sample_range: 0.5 };
    const host = await denoise(base({ schedulerConfig: config, schedulerClass: 'DDIMScheduler', steps: 3 }));
    const ops = ortOps(fakeUnetRunner(condEps));
    const resident = await denoise(base({ schedulerConfig: config, schedulerClass: 'DDIMScheduler', steps: 3, latentOps: ops as never }));
    expect(maxAbs(resident.latents.data, host.latents.data)).toBeLessThanOrEqual(1e-5);
    expect(resident.readBacks).toBe(1);
    expect(ops.deviceReads).toBeGreaterThan(3);
  });

  it('divergence is caught without a per-step read: reported at the step it happened (the device-side record)', async () => {
    // The second UNet call (step 1) returns NaN; every later step still runs on the device.
    const runner = fakeUnetRunner((x, t, ehs, row) => (runner.calls.length === 2 ? x.map(() => NaN) : condEps(x, t, ehs, row)));
    const ops = ortOps(runner);
    const err = await denoise(base({ steps: 5, latentOps: ops as never })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLatentsError);
    expect((err as NonFiniteLatentsError).kind).toBe('nan');
    expect((err as NonFiniteLatentsError).step).toBe(1);
    expect(runner.calls).toHaveLength(5);
    expect(ops.deviceReads).toBe(1);
  });

  it('without a device-side record the final read-back is the backstop: reported after the last step', async () => {
    const runner = fakeUnetRunner((x, t, ehs, row) => (runner.calls.length === 2 ? x.map(() => NaN) : condEps(x, t, ehs, row)));
    const { watchDivergence: _unused, ...withoutWatch } = ortOps(runner);
    const err = await denoise(base({ steps: 5, latentOps: withoutWatch as never })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLatentsError);
    expect((err as NonFiniteLatentsError).step).toBe(4);
  });
});
