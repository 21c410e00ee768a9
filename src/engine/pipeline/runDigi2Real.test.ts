/** The whole chain over a fake runner: phases, shapes, determinism, img2img path, cancel. */
import { describe, expect, it } from 'vitest';
import { fixturePath, readFixtureText } from '../../testing/fixtures';
import { AbortError } from '../progress/abort';
import type { Progress } from '../progress/progress';
import type { ImageU8 } from '../face/imageRaster';
import type { FloatTensor, ModelComponent, ModelRunner } from './modelRunner';
import { runDigi2Real, type Digi2RealJob, type Digi2RealPack } from './runDigi2Real';

const H = 8, C = 6, D = 4;
const W = 32, HT = 24; // → latents [1,4,3,4]

/** A runner with every component: simple closed-form outputs, call log. */
function fakeAll(): ModelRunner & { log: ModelComponent[]; unetBatches: number[] } {
  const log: ModelComponent[] = [];
  const unetBatches: number[] = [];
  return {
    log,
    unetBatches,
    async run(component, feeds): Promise<Record<string, FloatTensor>> {
      log.push(component);
      switch (component) {
        case 'arcface': {
          const x = feeds.input.data;
          return { embedding: { dims: [1, D], data: Float32Array.from([x[0], x[1] + 2, x[2] - 1, 0.5]) } };
        }
        case 'textEncoder': {
          const x = feeds.inputs_embeds.data;
          return { last_hidden_state: { dims: [1, 77, C], data: Float32Array.from({ length: 77 * C }, (_, i) => x[Math.floor(i / C) * H + (i % C)] * 0.5) } };
        }
        case 'unet': {
          const s = feeds.sample;
          unetBatches.push(s.dims[0]);
          const e = feeds.encoder_hidden_states.data;
          const per = e.length / s.dims[0];
          const rows = s.data.length / s.dims[0];
          return { noise_pred: { dims: s.dims, data: s.data.map((v, i) => 0.4 * v + 0.05 * e[Math.floor(i / rows) * per + 4 * C]) } };
        }
        case 'vaeDecoder': {
          const [, , h, w] = feeds.latents.dims;
          const z = feeds.latents.data;
          const n = 3 * 64 * h * w;
          return { sample: { dims: [1, 3, 8 * h, 8 * w], data: Float32Array.from({ length: n }, (_, i) => Math.tanh(z[i % z.length])) } };
        }
        case 'vaeEncoder': {
          const [, , h, w] = feeds.image.dims;
          return { mean: { dims: [1, 4, h / 8, w / 8], data: Float32Array.from({ length: 4 * (h / 8) * (w / 8) }, (_, i) => feeds.image.data[i * 7] * 5) } };
        }
      }
    },
  };
}

const pack: Digi2RealPack = {
  promptTokenEmbeddings: Float32Array.from({ length: 77 * H }, (_, i) => Math.sin(i)),
  placeholderIndex: 4,
  uncondEmbedding: Float32Array.from({ length: 77 * C }, (_, i) => Math.cos(i) * 0.1),
  schedulerConfig: readFixtureText(fixturePath('schedulers', 'sd15_scheduler_config.json')),
  realismDelta: new Float32Array(77 * C).fill(0.2),
  realismSpace: 'encoder-output',
};
const crop = (v: number): ImageU8 => ({ data: new Uint8Array(112 * 112 * 3).fill(v), width: 112, height: 112, channels: 3 });

function job(over: Partial<Digi2RealJob> = {}): Digi2RealJob {
  return {
    runner: fakeAll(), pack, identity: { kind: 'crops', crops: [crop(10), crop(200)] },
    seed: 1234, steps: 5, guidance: 3, width: W, height: HT, realismLambda: 1,
    variation: { b: 1, slerpT: 0.25, targetSimilarity: 0.9 },
    ...over,
  };
}

describe('runDigi2Real', () => {
  it('runs identity → conditioning → 5 CFG steps → decode, with phases in order and one read-back', async () => {
    const runner = fakeAll();
    const seen: Progress[] = [];
    const res = await runDigi2Real(job({ runner, jobId: 'a', onProgress: (p) => seen.push(p) }));
    expect(runner.log).toEqual(['arcface', 'arcface', 'textEncoder', 'unet', 'unet', 'unet', 'unet', 'unet', 'vaeDecoder']);
    expect(runner.unetBatches).toEqual([2, 2, 2, 2, 2]);
    expect(res.width).toBe(W);
    expect(res.height).toBe(HT);
    expect(res.rgba).toHaveLength(W * HT * 4);
    expect(res.readBacks).toBe(1);
    expect(res.params).toMatchObject({ seed: 1234, steps: 5, stepsRun: 5, guidance: 3, scheduler: 'DPMSolverMultistepScheduler', identity: { kind: 'crops', count: 2 }, realism: { lambda: 1, applied: true }, img2imgStrength: null });
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).toEqual(['identity', 'conditioning', 'step', 'decode']);
    expect(seen.every((p) => p.jobId === 'a')).toBe(true);
    expect(Math.hypot(...res.idVector)).toBeCloseTo(1, 6);
    for (const k of ['identityMs', 'conditioningMs', 'encodeMs', 'denoiseMs', 'decodeMs', 'totalMs'] as const) expect(res.timings[k]).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic per seed and changes with seed, realism and variation', async () => {
    const a = await runDigi2Real(job());
    const b = await runDigi2Real(job());
    expect(b.rgba).toEqual(a.rgba);
    expect((await runDigi2Real(job({ seed: 1235 }))).rgba).not.toEqual(a.rgba);
    expect((await runDigi2Real(job({ realismLambda: 0 }))).rgba).not.toEqual(a.rgba);
    expect((await runDigi2Real(job({ variation: { b: 1, slerpT: 0.75 } }))).idVector).not.toEqual(a.idVector);
  });

  it('img2img encodes the synthetic image and runs the truncated schedule', async () => {
    const runner = fakeAll();
    const image: ImageU8 = { data: Uint8Array.from({ length: W * HT * 4 }, (_, i) => (i * 13) % 256), width: W, height: HT, channels: 4 };
    const res = await runDigi2Real(job({ runner, identity: { kind: 'embedding', vector: Float32Array.from([1, 2, 3, 4]) }, variation: undefined, steps: 10, img2img: { image, strength: 0.4 } }));
    expect(runner.log[0]).toBe('textEncoder');
    expect(runner.log[1]).toBe('vaeEncoder');
    expect(runner.log.filter((c) => c === 'unet')).toHaveLength(4);
    expect(res.params.stepsRun).toBe(4);
    expect(res.params.img2imgStrength).toBe(0.4);
    await expect(runDigi2Real(job({ img2img: { image: { ...image, width: 16, data: image.data.subarray(0, 16 * HT * 4) }, strength: 0.5 } }))).rejects.toThrow(/resize/);
  });

  it('guidance 1 uses batch-1 UNet calls; a cancel during sampling rejects with AbortError', async () => {
    const runner = fakeAll();
    await runDigi2Real(job({ runner, guidance: 1 }));
    expect(runner.unetBatches.every((b) => b === 1)).toBe(true);
    const ac = new AbortController();
    const r2 = fakeAll();
    await expect(runDigi2Real(job({ runner: r2, signal: ac.signal, onProgress: (p) => { if (p.phase === 'step' && p.done === 2) ac.abort(); } }))).rejects.toBeInstanceOf(AbortError);
    expect(r2.log.filter((c) => c === 'unet')).toHaveLength(2);
    expect(r2.log).not.toContain('vaeDecoder');
  });

  it('rejects a variation index outside the identity', async () => {
    await expect(runDigi2Real(job({ variation: { b: 5, slerpT: 0.5 } }))).rejects.toThrow(/index 5/);
  });
});
