/** Behaviour of the denoise loop with fake UNets: CFG batching, cancel, non-finite detection, progress, seeds. */
import { describe, expect, it } from 'vitest';
import { fixturePath, readFixtureText } from '../../testing/fixtures';
import { AbortError } from '../progress/abort';
import type { Progress } from '../progress/progress';
import { createGaussianGenerator, gaussianNoise } from '../random';
import { createCpuLatentOps } from './createCpuLatentOps';
import { denoise, type DenoiseOptions } from './denoise';
import { fakeUnetRunner, filledTensor, type RowEps } from './fakeRunners.test-util';
import type { LatentOps } from './latentOps';
import type { FloatTensor } from './modelRunner';
import { NonFiniteLatentsError } from './NonFiniteLatentsError';

const DPM = readFixtureText(fixturePath('schedulers', 'dpmsolver_multistep', 'scheduler_config.json'));
const EULER_A = readFixtureText(fixturePath('schedulers', 'euler_ancestral', 'scheduler_config.json'));
const SHAPE = [1, 4, 4, 6];
const N = 96;
const C = 8;
const cond = filledTensor([1, 77, C], () => 1);
const uncond = filledTensor([1, 77, C], () => -2);
/** eps depends on the conditioning row, so uncond and cond outputs differ. */
const condEps: RowEps = (x, t, ehs) => x.map((v) => 0.5 * v * Math.cos(t / 1000) + 0.1 * ehs[0]);

function base(over: Partial<DenoiseOptions> & Pick<DenoiseOptions, 'runner'>): DenoiseOptions {
  return { schedulerConfig: DPM, steps: 6, guidance: 1, seed: 3, cond, uncond, latentShape: SHAPE, ...over };
}

describe('classifier-free guidance', () => {
  it('batches [uncond, cond] and combines u + g·(c − u) before the scheduler step', async () => {
    const runner = fakeUnetRunner(condEps);
    const cpu = createCpuLatentOps(runner);
    const steps: { out: Float32Array; guidance: number | null; prev: Float32Array; direct: Float32Array }[] = [];
    const ops: LatentOps<FloatTensor> = {
      ...cpu,
      bindScheduler(s, p) {
        const b = cpu.bindScheduler(s, p);
        let state = s.initialState(p);
        return {
          ...b,
          step: async (out, sample, i, guidance, nz) => {
            const r = await b.step(out, sample, i, guidance, nz);
            // The same step on a guided output combined here, independently of the ops.
            const half = out.data.length / 2;
            const guided = out.data.subarray(0, half).map((u, j) => u + (guidance ?? NaN) * (out.data[half + j] - u));
            const direct = s.step(state, guided, sample.data, p, i, nz?.data);
            state = direct.state;
            steps.push({ out: out.data.slice(), guidance, prev: r.sample.data.slice(), direct: direct.prevSample });
            return r;
          },
        };
      },
    };
    const g = 3;
    await denoise(base({ runner, latentOps: ops, guidance: g }));
    expect(runner.calls).toHaveLength(6);
    for (const [k, call] of runner.calls.entries()) {
      expect(call.sampleDims).toEqual([2, ...SHAPE.slice(1)]);
      expect(call.ehsDims).toEqual([2, 77, C]);
      expect(call.timestep[0]).toBe(call.timestep[1]);
      expect(call.sample.subarray(0, N)).toEqual(call.sample.subarray(N)); // same latents in both rows
      expect(call.ehs.subarray(0, 77 * C).every((v) => v === -2)).toBe(true); // row 0 = uncond
      expect(call.ehs.subarray(77 * C).every((v) => v === 1)).toBe(true); // row 1 = cond
      expect(steps[k].guidance).toBe(g);
      expect(steps[k].out).toHaveLength(2 * N);
      for (let j = 0; j < N; j++) expect(steps[k].prev[j]).toBeCloseTo(steps[k].direct[j], 5);
    }
  });

  it.each([1, 0.5, -1])('guidance %s: one batch-1 UNet call per step, cond only, no uncond needed', async (g) => {
    const runner = fakeUnetRunner(condEps);
    const res = await denoise(base({ runner, guidance: g, uncond: undefined, steps: 5 }));
    expect(runner.calls).toHaveLength(5);
    expect(res.unetCalls).toBe(5);
    for (const call of runner.calls) {
      expect(call.sampleDims[0]).toBe(1);
      expect(call.timestep).toHaveLength(1);
      expect(call.ehs.every((v) => v === 1)).toBe(true);
    }
  });

  it('guidance > 1 without uncond is rejected', async () => {
    await expect(denoise(base({ runner: fakeUnetRunner(condEps), guidance: 2, uncond: undefined }))).rejects.toThrow(/uncond/);
  });
});

describe('cancellation', () => {
  it('rejects with AbortError during the UNet call of the step it was cancelled in, and runs no further step', async () => {
    const ac = new AbortController();
    let release: () => void = () => undefined;
    const runner = fakeUnetRunner(condEps, {}, (i) => {
      if (i !== 2) return;
      ac.abort();
      return new Promise<void>((r) => { release = r; }); // this call hangs until released
    });
    await expect(denoise(base({ runner, steps: 10, signal: ac.signal }))).rejects.toBeInstanceOf(AbortError);
    expect(runner.calls).toHaveLength(3);
    release();
  });

  it('a cancel from the progress callback stops before the next step', async () => {
    const ac = new AbortController();
    const runner = fakeUnetRunner(condEps);
    const run = denoise(base({ runner, steps: 10, signal: ac.signal, onProgress: (p) => { if (p.done === 4) ac.abort(); } }));
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(runner.calls).toHaveLength(4);
  });

  it('an already aborted signal runs nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const runner = fakeUnetRunner(condEps);
    await expect(denoise(base({ runner, signal: ac.signal }))).rejects.toBeInstanceOf(AbortError);
    expect(runner.calls).toHaveLength(0);
  });
});

describe('non-finite latents', () => {
  it.each([
    [NaN, 'nan'],
    [Infinity, 'inf'],
  ] as const)('eps = %s at step 3 → NonFiniteLatentsError naming step 3', async (bad, kind) => {
    const runner = fakeUnetRunner((x, t, ehs) => (runner.calls.length === 4 ? x.map((v, j) => (j === 5 ? bad : v)) : condEps(x, t, ehs, 0)));
    const err = await denoise(base({ runner, steps: 8 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLatentsError);
    const e = err as NonFiniteLatentsError;
    expect(e.step).toBe(3);
    expect(e.stepIndex).toBe(3);
    expect(e.code).toBe('non-finite-latents');
    expect(['nan', 'inf']).toContain(e.kind);
    if (kind === 'nan') expect(e.kind).toBe('nan');
    expect(e.message).toMatch(/step 3/);
    expect(runner.calls).toHaveLength(4);
  });

  it('all-zero latents are reported too (img2img step index differs from the step count)', async () => {
    // Zero clean latents, zero injected noise and a zero eps keep every latent exactly 0.
    const runner = fakeUnetRunner((x) => new Float32Array(x.length));
    const err = await denoise(base({
      runner, steps: 10,
      img2img: { latents0: { dims: SHAPE, data: new Float32Array(N) }, strength: 0.5 },
      noise: { initial: new Float32Array(N) },
    })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLatentsError);
    expect((err as NonFiniteLatentsError).kind).toBe('all-zero');
    expect((err as NonFiniteLatentsError).step).toBe(0);
    expect((err as NonFiniteLatentsError).stepIndex).toBe(5);
  });
});

describe('progress', () => {
  it('starts at 0, is monotonic with a constant total, and ends at total', async () => {
    const seen: Progress[] = [];
    let clock = 0;
    await denoise(base({ runner: fakeUnetRunner(condEps), steps: 7, jobId: 'j1', onProgress: (p) => seen.push(p), now: () => (clock += 10) }));
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen.every((p) => p.total === 7 && p.phase === 'step' && p.jobId === 'j1')).toBe(true);
    expect(seen[0].etaMs).toBeNull();
    expect(seen.slice(1).every((p) => p.etaMs !== null && p.etaMs >= 0)).toBe(true);
    expect(seen.at(-1)!.etaMs).toBe(0);
  });

  it('img2img counts only the executed steps', async () => {
    const seen: number[] = [];
    const res = await denoise(base({
      runner: fakeUnetRunner(condEps), steps: 10, onProgress: (p) => seen.push(p.total),
      img2img: { latents0: filledTensor(SHAPE, (i) => Math.sin(i)), strength: 0.6 },
    }));
    expect(res.stepsRun).toBe(6);
    expect(new Set(seen)).toEqual(new Set([6]));
  });

  it('strength that leaves no step is a RangeError', async () => {
    await expect(denoise(base({ runner: fakeUnetRunner(condEps), steps: 10, img2img: { latents0: filledTensor(SHAPE, () => 0.1), strength: 0.05 } })))
      .rejects.toThrow(RangeError);
  });
});

describe('seeds and read-backs', () => {
  it('same seed → identical latents; different seed → different', async () => {
    const run = (seed: number) => denoise(base({ runner: fakeUnetRunner(condEps), seed, schedulerConfig: EULER_A, guidance: 2 }));
    const [a, b, c] = await Promise.all([run(11), run(11), run(12)]);
    expect(a.latents.data).toEqual(b.latents.data);
    expect(a.latents.data).not.toEqual(c.latents.data);
  });

  it('follows the documented stream layout: block 0 = x_T, then one block per noise-consuming step', async () => {
    const seed = 42;
    // DPM-Solver++: init_noise_sigma 1 and scale_model_input is the identity, so the first UNet input is x_T.
    const dpm = fakeUnetRunner(condEps);
    await denoise(base({ runner: dpm, seed }));
    expect(dpm.calls[0].sample).toEqual(gaussianNoise(seed, SHAPE));
    // Euler-ancestral consumes noise every step: blocks 1..6 are the step noises, in order.
    const seeded = await denoise(base({ runner: fakeUnetRunner(condEps), seed, schedulerConfig: EULER_A }));
    const gen = createGaussianGenerator(seed);
    const blocks = Array.from({ length: 7 }, () => gen.fill(new Float32Array(N)));
    const injected = await denoise(base({ runner: fakeUnetRunner(condEps), seed: 999, schedulerConfig: EULER_A, noise: { initial: blocks[0], forStep: (k) => blocks[k + 1] } }));
    expect(injected.latents.data).toEqual(seeded.latents.data);
    const shifted = await denoise(base({ runner: fakeUnetRunner(condEps), seed: 999, schedulerConfig: EULER_A, noise: { initial: blocks[0], forStep: (k) => blocks[k + 2] ?? blocks[1] } }));
    expect(shifted.latents.data).not.toEqual(seeded.latents.data);
  });

  it('reads back once, plus once per preview', async () => {
    const previews: number[] = [];
    const res = await denoise(base({ runner: fakeUnetRunner(condEps), steps: 10, previewEvery: 3, onPreview: (p) => previews.push(p.step) }));
    expect(previews).toEqual([3, 6, 9]);
    expect(res.readBacks).toBe(4);
    const plain = await denoise(base({ runner: fakeUnetRunner(condEps), steps: 10 }));
    expect(plain.readBacks).toBe(1);
    expect(plain.latents.data).toEqual(res.latents.data);
  });
});
