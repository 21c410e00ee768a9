/**
 * The device-side first-bad-step record on onnxruntime-web's CPU backend (the WASM code path; WebGPU
 * runs the same graph on GPU buffers): its verdicts match the host scan (detectNonFinite +
 * latentProblem) tensor by tensor, and the resident denoise loop reports the step where the latents
 * first went bad — the same step, kind and count as the host loop that checks after every step —
 * with one latent read-back and one record read per image.
 */
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { denoise, type DenoiseOptions } from '../../engine/pipeline/denoise';
import { detectNonFinite, latentProblem } from '../../engine/pipeline/detectNonFinite';
import { fakeUnetRunner, type FakeUnetRunner } from '../../engine/pipeline/fakeRunners.test-util';
import { NonFiniteLatentsError } from '../../engine/pipeline/NonFiniteLatentsError';
import type { RunnableSchedulerName } from '../../engine/schedulers';
import { CASE_LATENT_SHAPE, condEps, denoiseCase } from './denoiseCase.test-util';
import { graphSession, ortOps } from './cpuLatentOps.test-util';
import { createResidentDivergenceWatch } from './residentDivergenceWatch';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const SHAPE = CASE_LATENT_SHAPE;
const N = 96;
const tensor = (data: Float32Array) => new ort.Tensor('float32', data, SHAPE);
const fill = (f: (i: number) => number) => Float32Array.from({ length: N }, (_, i) => f(i));
const finite = fill((i) => Math.sin(i * 1.7) * 3);
const withAt = (src: Float32Array, at: readonly number[], v: number) => { const d = src.slice(); for (const j of at) d[j] = v; return d; };

describe('divergence_watch graph vs the host scan', () => {
  const tensors: Record<string, Float32Array> = {
    finite,
    'finite with FLT_MAX and zeros': withAt(withAt(finite, [0, 1], 3.4028234663852886e38), [2, 3, 4], 0),
    'one nonzero': withAt(new Float32Array(N), [50], -1e-30),
    '3 NaN': withAt(finite, [5, 17, 95], NaN),
    '2 +Inf, 1 −Inf': withAt(withAt(finite, [0, 9], Infinity), [40], -Infinity),
    'NaN and Inf (NaN first)': withAt(withAt(finite, [3], NaN), [4, 6], Infinity),
    'all zero': new Float32Array(N),
    'all NaN': fill(() => NaN),
  };

  it.each(Object.keys(tensors))('%s: a bad first tensor is recorded with the host verdict and count', async (name) => {
    const data = tensors[name];
    const stats = detectNonFinite(data);
    const problem = latentProblem(stats);
    let reads = 0;
    const watch = createResidentDivergenceWatch(N, graphSession, () => { reads++; });
    await watch.observe(tensor(data), 0);
    const got = await watch.read();
    watch.release();
    expect(reads).toBe(1);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toEqual({ step: 0, kind: problem, count: problem === 'nan' ? stats.nan : problem === 'inf' ? stats.inf : N });
  });

  it('keeps the FIRST bad step: later steps, worse or healed, do not overwrite it', async () => {
    const sequence = [finite, finite, tensors['2 +Inf, 1 −Inf'], tensors['all NaN'], finite, tensors['all zero']];
    const watch = createResidentDivergenceWatch(N, graphSession, () => undefined);
    for (let k = 0; k < sequence.length; k++) await watch.observe(tensor(sequence[k]), k);
    expect(await watch.read()).toEqual({ step: 2, kind: 'inf', count: 3 });
    watch.release();
  });
});

const base = (over: Partial<DenoiseOptions<unknown>> = {}) => denoiseCase(7, over);

/** A UNet that is healthy except at call `badCall` (0-based), where `bad` replaces two elements of each row. */
function breaksAt(badCall: number, bad: number): FakeUnetRunner {
  const runner = fakeUnetRunner((x, t, ehs, row) => {
    const eps = condEps(x, t, ehs, row);
    if (runner.calls.length - 1 === badCall) { eps[3] = bad; eps[11] = bad; }
    return eps;
  });
  return runner;
}

async function failure(opts: DenoiseOptions<unknown>): Promise<NonFiniteLatentsError> {
  const err = await denoise(opts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NonFiniteLatentsError);
  return err as NonFiniteLatentsError;
}

describe('resident denoise names the first bad step, like the host loop that checks every step', () => {
  const cases: [RunnableSchedulerName, number, number][] = [
    ['DPMSolverMultistepScheduler', 2, NaN],
    ['DPMSolverMultistepScheduler', 4, Infinity],
    ['EulerAncestralDiscreteScheduler', 1, -Infinity],
    ['DDIMScheduler', 0, NaN],
    ['EulerDiscreteScheduler', 5, Infinity],
  ];
  it.each(cases)('%s, step %s: UNet output %s', async (schedulerClass, step, bad) => {
    const host = await failure(base({ schedulerClass, runner: breaksAt(step, bad) }));
    const ops = ortOps(breaksAt(step, bad));
    const resident = await failure(base({ schedulerClass, latentOps: ops as never }));
    expect(host.step).toBe(step);
    expect({ step: resident.step, stepIndex: resident.stepIndex, timestep: resident.timestep, kind: resident.kind, count: resident.count })
      .toEqual({ step: host.step, stepIndex: host.stepIndex, timestep: host.timestep, kind: host.kind, count: host.count });
    expect(resident.message).toMatch(new RegExp(`after step ${step} `));
    // Every step still ran (no per-step sync to stop early), and the loop read back only at the end.
    expect(ops.deviceReads).toBe(1);
    expect(ops.divergenceReads).toBe(1);
  });

  it('all-zero latents at the first img2img step (step 0, schedule index 5)', async () => {
    const ops = ortOps(fakeUnetRunner((x) => new Float32Array(x.length)));
    const e = await failure(base({
      steps: 10, latentOps: ops as never,
      img2img: { latents0: { dims: SHAPE, data: new Float32Array(N) }, strength: 0.5 },
      noise: { initial: new Float32Array(N) },
    }));
    expect([e.kind, e.step, e.stepIndex, e.count]).toEqual(['all-zero', 0, 5, N]);
  });

  it('a healthy run: no error, one latent read-back and one record read per image', async () => {
    const ops = ortOps(fakeUnetRunner(condEps));
    for (let image = 1; image <= 2; image++) {
      const res = await denoise(base({ latentOps: ops as never }));
      expect(res.readBacks).toBe(1);
      expect(ops.deviceReads).toBe(image);
      expect(ops.divergenceReads).toBe(image);
    }
  });
});
