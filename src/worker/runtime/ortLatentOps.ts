/**
 * @file The device-resident {@link LatentOps}: handles are onnxruntime-web Tensors that stay where the
 * UNet runs — GPU buffers on WebGPU (sessions created with preferredOutputLocation 'gpu-buffer'), CPU
 * tensors on WASM, one code path for both. Per step: the UNet, then two tiny graphs on the same device
 * (residentGraphs.ts): scale_repeat for the UNet input, guided_step for CFG + the scheduler update
 * with coefficients from `Scheduler.linear` computed on the host. Nothing is read back during the
 * loop; `deviceReads` counts every whole-tensor read so a test can hold the loop to one per image
 * (+ previews); a per-step first-bad-step record (watchDivergence) stays on the device too and is read
 * with the final latents. Seeded noise (initial, ancestral, LCM, img2img) is drawn on the CPU, as in Node, and
 * uploaded — that keeps the same seed giving the same image on every backend.
 *
 * A scheduler config without a coefficient form (clip_sample) still works: its steps run on the host,
 * reading the tensors back (and counting it).
 */
import * as ort from 'onnxruntime-web';
import type { LatentOps, SchedulerOps, UnetCall } from '../../engine/pipeline/latentOps';
import type { FloatTensor } from '../../engine/pipeline/modelRunner';
import type { SchedulePlan, Scheduler, StepIndex } from '../../engine/schedulers';
import type { LinearStepCoefficients, SampleModelTerms, SchedulerLinearForm } from '../../engine/schedulers/linearStep';
import { classifierFreeGuidanceBatched } from '../../engine/tensor/classifierFreeGuidance';
import { createResidentDivergenceWatch } from './residentDivergenceWatch';
import { buildGuidedStepGraph, buildScaleRepeatGraph, guidedStepKey, type GuidedStepVariant } from './residentGraphs';

export interface OrtLatentOpsOptions {
  /** Where tensors live: 'webgpu' → GPU buffers, 'wasm' → CPU tensors. For `name` and logs. */
  readonly device: 'webgpu' | 'wasm';
  /** One UNet run on ORT tensors → `noise_pred`, left where the session keeps its outputs. */
  runUnet(feeds: { sample: ort.Tensor; timestep: ort.Tensor; encoderHiddenStates: ort.Tensor }): Promise<ort.Tensor>;
  /**
   * The session for one tiny graph on the UNet's device, with outputs where the UNet's are
   * ('gpu-buffer' on WebGPU). Called often: the caller caches by `key`.
   */
  graphSession(key: string, build: () => Uint8Array): Promise<ort.InferenceSession>;
}

export interface OrtLatentOps extends LatentOps<ort.Tensor> {
  /** Whole-tensor device → host reads so far (all of them go through one function). */
  readonly deviceReads: number;
  /** Reads of the 12-byte first-bad-step record (residentDivergenceWatch.ts): one per image, beside the final latents. */
  readonly divergenceReads: number;
}

const scalar = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);

export function createOrtLatentOps(opts: OrtLatentOpsOptions): OrtLatentOps {
  let deviceReads = 0;
  let divergenceReads = 0;

  async function read(x: ort.Tensor): Promise<FloatTensor> {
    deviceReads++;
    const data = (await x.getData()) as Float32Array;
    // A CPU tensor hands out its own array; copy so the caller may keep it past dispose. A GPU tensor
    // becomes a CPU one after getData (onnxruntime-common caches the download): a preview's x0 that
    // DPM-Solver keeps is then re-uploaded by its next run — correct, one small upload per preview.
    return { dims: [...x.dims], data: x.location === 'cpu' ? data.slice() : data };
  }

  async function run(key: string, build: () => Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.ReturnType> {
    return (await opts.graphSession(key, build)).run(feeds);
  }

  async function scaleRepeat(x: ort.Tensor, k: number, batch: 1 | 2): Promise<ort.Tensor> {
    const rank = x.dims.length;
    return (await run(`scale_repeat_r${rank}_b${batch}`, () => buildScaleRepeatGraph(rank, batch), { x, k: scalar(k) })).y;
  }

  async function upload(t: FloatTensor): Promise<ort.Tensor> {
    return scaleRepeat(new ort.Tensor('float32', t.data, [...t.dims]), 1, 1);
  }

  /** guided_step with the given coefficients; returns both outputs (the caller owns them). */
  async function guidedStep(
    v: GuidedStepVariant,
    c: LinearStepCoefficients['prevSample'],
    aux: SampleModelTerms,
    feeds: { unetOutput: ort.Tensor; sample: ort.Tensor; previous?: ort.Tensor; noise?: ort.Tensor; guidance?: number },
  ): Promise<{ next: ort.Tensor; kept: ort.Tensor }> {
    const f: Record<string, ort.Tensor> = {
      unet_output: feeds.unetOutput,
      sample: feeds.sample,
      a_sample: scalar(c.sample),
      a_model: scalar(c.modelOutput),
      k_sample: scalar(aux.sample),
      k_model: scalar(aux.modelOutput),
    };
    if (v.cfg) f.guidance = scalar(feeds.guidance!);
    if (v.previous) { f.previous = feeds.previous!; f.a_previous = scalar(c.previous); }
    if (v.noise) { f.noise = feeds.noise!; f.a_noise = scalar(c.noise); }
    const out = await run(guidedStepKey(v), () => buildGuidedStepGraph(v), f);
    return { next: out.next, kept: out.kept };
  }

  function bindLinear(linear: SchedulerLinearForm, plan: SchedulePlan): SchedulerOps<ort.Tensor> {
    let stepsDone = 0;
    let kept: ort.Tensor | undefined;
    let lastAux: ort.Tensor | undefined;
    const free = (t: ort.Tensor | undefined) => { if (t && t !== kept) t.dispose(); };
    return {
      async unetInput(sample, i: StepIndex, batch) {
        const k = linear.modelInputScale(plan, i);
        return batch === 1 && Math.fround(k) === 1 ? sample : scaleRepeat(sample, k, batch);
      },
      async step(unetOutput, sample, i, guidance, noise) {
        const c = linear.step(plan, i, stepsDone);
        if (c.prevSample.previous !== 0 && !kept) throw new Error(`step ${i} needs the previous step's output, but no step ran before it`);
        if (c.prevSample.noise !== 0 && !noise) throw new Error(`step ${i} consumes noise; none was given`);
        const v: GuidedStepVariant = { cfg: guidance !== null, previous: c.prevSample.previous !== 0, noise: c.prevSample.noise !== 0 };
        // One auxiliary output: what the next step keeps (DPM-Solver's converted output, = its x0 for
        // dpmsolver++), else the x0 estimate for previews.
        const auxTerms = c.keep ?? c.predOriginal ?? { sample: 0, modelOutput: 0 };
        const auxIsX0 = c.predOriginal !== null && c.predOriginal.sample === auxTerms.sample && c.predOriginal.modelOutput === auxTerms.modelOutput;
        const r = await guidedStep(v, c.prevSample, auxTerms, { unetOutput, sample, previous: kept, noise, guidance: guidance ?? undefined });
        stepsDone++;
        free(lastAux);
        lastAux = undefined;
        if (c.keep) {
          kept?.dispose();
          kept = r.kept;
        } else {
          lastAux = r.kept;
        }
        return { sample: r.next, predOriginal: auxIsX0 ? r.kept : undefined };
      },
      async addNoise(clean, noise, i) {
        const a = linear.addNoise(plan, i);
        const r = await guidedStep({ cfg: false, previous: false, noise: false }, { sample: a.clean, modelOutput: a.noise, previous: 0, noise: 0 }, { sample: 0, modelOutput: 0 }, { unetOutput: noise, sample: clean });
        r.kept.dispose();
        return r.next;
      },
      release() {
        free(lastAux);
        kept?.dispose();
        kept = lastAux = undefined;
      },
    };
  }

  /** Host steps for configs with no coefficient form: every tensor the step needs is read back (and counted). */
  function bindOnHost(scheduler: Scheduler, plan: SchedulePlan): SchedulerOps<ort.Tensor> {
    let state = scheduler.initialState(plan);
    const up = (data: Float32Array, like: ort.Tensor) => upload({ dims: like.dims, data });
    return {
      async unetInput(sample, i, batch) {
        const x = await read(sample);
        const scaled = scheduler.scaleModelInput(x.data, plan, i);
        const data = batch === 1 ? scaled : new Float32Array(scaled.length * 2);
        if (batch === 2) { data.set(scaled); data.set(scaled, scaled.length); }
        return upload({ dims: [batch, ...x.dims.slice(1)], data });
      },
      async step(unetOutput, sample, i, guidance, noise) {
        const out = (await read(unetOutput)).data;
        const m = guidance === null ? out : classifierFreeGuidanceBatched(out, guidance);
        const r = scheduler.step(state, m, (await read(sample)).data, plan, i, noise ? (await read(noise)).data : undefined);
        state = r.state;
        return { sample: await up(r.prevSample, sample) };
      },
      async addNoise(clean, noise, i) {
        return up(scheduler.addNoise((await read(clean)).data, (await read(noise)).data, plan, i), clean);
      },
      release: () => undefined,
    };
  }

  return {
    name: opts.device,
    get deviceReads() { return deviceReads; },
    get divergenceReads() { return divergenceReads; },
    watchDivergence: (count) => createResidentDivergenceWatch(count, opts.graphSession, () => { divergenceReads++; }),
    upload,
    readBack: read,
    async runUnet(call: UnetCall<ort.Tensor>) {
      const timestep = new ort.Tensor('float32', call.timestep, [call.timestep.length]);
      return opts.runUnet({ sample: call.sample, timestep, encoderHiddenStates: call.encoderHiddenStates });
    },
    bindScheduler: (scheduler, plan) => (scheduler.linear ? bindLinear(scheduler.linear, plan) : bindOnHost(scheduler, plan)),
    dispose: (x) => x.dispose(),
  };
}
