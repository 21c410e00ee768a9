/**
 * @file Bare session creation on its own (no runs): the denominator of the pack-load figures when the bench
 * measures pack loading only (`npm run bench -- --only packload`). Same session options as runtimeFigures.ts
 * and the app's worker, so the ratio isolates what the pack loader adds.
 */
import type * as Ort from 'onnxruntime-web';
import type { RuntimeInputs } from './runtimeFigures';
import { summarize, type Summary } from './stats';

type OrtModule = typeof Ort;

export interface SessionCreationFigures {
  /** text encoder + UNet + VAE decoder created from in-memory bytes, summed per round. */
  createAllMs: Summary;
}

/** Creates a MatMul session first (it pays the one-off WASM start-up), then `rounds` rounds of the three components. */
export async function measureSessionCreation(ort: OrtModule, inputs: RuntimeInputs, rounds: number, ep: 'wasm' | 'webgpu'): Promise<SessionCreationFigures> {
  const create = (m: RuntimeInputs[keyof RuntimeInputs]) =>
    ort.InferenceSession.create(m.model, { executionProviders: [ep], graphOptimizationLevel: 'all', externalData: m.externalData });
  await (await create(inputs.matmul)).release();
  const all: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (const key of ['textEncoder', 'unet', 'vaeDecoder'] as const) {
      const t0 = performance.now();
      const s = await create(inputs[key]);
      sum += performance.now() - t0;
      await s.release();
    }
    all.push(sum);
  }
  return { createAllMs: summarize(all) };
}
