/**
 * @file The host implementation of {@link LatentOps}: handles are FloatTensors, the UNet runs through
 * a {@link ModelRunner}, the scheduler maths is src/engine/schedulers as is. Used by tests, the Node
 * CLI and the WASM backend; the WebGPU backend supplies its own LatentOps (see latentOps.ts).
 */
import type { SchedulePlan, Scheduler, StepIndex } from '../schedulers';
import { classifierFreeGuidanceBatched } from '../tensor/classifierFreeGuidance';
import { detectNonFinite } from './detectNonFinite';
import type { LatentOps, SchedulerOps, UnetCall } from './latentOps';
import { assertTensor, COMPONENT_IO, pickOutput, type FloatTensor, type ModelRunner } from './modelRunner';

/** [B, …rest] → [2B, …rest]: a then b. */
export function concatBatch(a: FloatTensor, b: FloatTensor): FloatTensor {
  if (a.dims.length !== b.dims.length || a.dims.slice(1).some((d, k) => d !== b.dims[k + 1])) {
    throw new RangeError(`concatBatch: shapes ${JSON.stringify(a.dims)} and ${JSON.stringify(b.dims)} differ beyond the batch axis`);
  }
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { dims: [a.dims[0] + b.dims[0], ...a.dims.slice(1)], data };
}

function bindScheduler(scheduler: Scheduler, plan: SchedulePlan): SchedulerOps<FloatTensor> {
  let state = scheduler.initialState(plan);
  return {
    unetInput: async (sample, i: StepIndex, batch) => {
      const x: FloatTensor = { dims: sample.dims, data: scheduler.scaleModelInput(sample.data, plan, i) };
      return batch === 2 ? concatBatch(x, x) : x;
    },
    step: async (unetOutput, sample, i, guidance, noise) => {
      const modelOutput = guidance === null ? unetOutput.data : classifierFreeGuidanceBatched(unetOutput.data, guidance);
      const r = scheduler.step(state, modelOutput, sample.data, plan, i, noise?.data);
      state = r.state;
      return {
        sample: { dims: sample.dims, data: r.prevSample },
        predOriginal: r.predOriginalSample ? { dims: sample.dims, data: r.predOriginalSample } : undefined,
      };
    },
    addNoise: async (clean, noise, i) => ({ dims: clean.dims, data: scheduler.addNoise(clean.data, noise.data, plan, i) }),
    release: () => undefined,
  };
}

/** CPU LatentOps over `runner`; `readBack` returns a copy so callers may keep it past the loop. */
export function createCpuLatentOps(runner: ModelRunner): LatentOps<FloatTensor> {
  return {
    name: 'cpu',
    upload: async (t) => ({ dims: [...t.dims], data: t.data.slice() }),
    readBack: async (x) => ({ dims: [...x.dims], data: x.data.slice() }),
    inspect: async (x) => detectNonFinite(x.data),
    runUnet: async (call: UnetCall<FloatTensor>) => {
      const io = COMPONENT_IO.unet;
      const b = call.sample.dims[0];
      const out = await runner.run('unet', {
        [io.sample]: call.sample,
        [io.timestep]: { dims: [b], data: call.timestep },
        [io.encoderHiddenStates]: call.encoderHiddenStates,
      });
      const pred = pickOutput(out, io.output, 'unet');
      assertTensor(pred, call.sample.data.length, 'unet noise_pred');
      return pred;
    },
    bindScheduler,
    dispose: () => undefined,
  };
}
