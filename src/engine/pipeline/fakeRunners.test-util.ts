/**
 * @file Test doubles for the pipeline: a UNet runner built from a per-row eps function that records
 * every call, and helpers. Outputs are computed independently of the pipeline code under test.
 */
import type { FloatTensor, ModelComponent, ModelRunner } from './modelRunner';

export interface UnetCallRecord {
  readonly sample: Float32Array;
  readonly sampleDims: readonly number[];
  readonly timestep: Float32Array;
  readonly ehs: Float32Array;
  readonly ehsDims: readonly number[];
}

/** eps for one batch row: (row of the scaled sample, its timestep, its encoder_hidden_states row) → noise_pred row. */
export type RowEps = (x: Float32Array, t: number, ehsRow: Float32Array, row: number) => Float32Array;

export interface FakeUnetRunner extends ModelRunner {
  readonly calls: UnetCallRecord[];
}

/** A runner whose 'unet' applies `eps` row by row; other components go to `others` (or throw). */
export function fakeUnetRunner(
  eps: RowEps,
  others: Partial<Record<ModelComponent, (feeds: Record<string, FloatTensor>) => Record<string, FloatTensor>>> = {},
  hook?: (callIndex: number) => Promise<void> | void,
): FakeUnetRunner {
  const calls: UnetCallRecord[] = [];
  return {
    calls,
    async run(component, feeds) {
      if (component !== 'unet') {
        const f = others[component];
        if (!f) throw new Error(`fake runner: no ${component}`);
        return f(feeds);
      }
      const { sample, timestep, encoder_hidden_states: ehs } = feeds;
      calls.push({ sample: sample.data.slice(), sampleDims: [...sample.dims], timestep: timestep.data.slice(), ehs: ehs.data.slice(), ehsDims: [...ehs.dims] });
      await hook?.(calls.length - 1);
      const b = sample.dims[0];
      const rowSize = sample.data.length / b;
      const ehsRowSize = ehs.data.length / ehs.dims[0];
      const out = new Float32Array(sample.data.length);
      for (let r = 0; r < b; r++) {
        out.set(eps(sample.data.subarray(r * rowSize, (r + 1) * rowSize), timestep.data[r], ehs.data.subarray(r * ehsRowSize, (r + 1) * ehsRowSize), r), r * rowSize);
      }
      return { noise_pred: { dims: [...sample.dims], data: out } };
    },
  };
}

/** [1, 77, c] tensor filled from `f(index)`. */
export function filledTensor(dims: number[], f: (i: number) => number): FloatTensor {
  let n = 1;
  for (const d of dims) n *= d;
  return { dims, data: Float32Array.from({ length: n }, (_, i) => f(i)) };
}
