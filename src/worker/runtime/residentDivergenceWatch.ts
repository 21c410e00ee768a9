/**
 * @file The resident loop's {@link DivergenceWatch}: a [3] float32 record [firstBadStep, kind, count]
 * that stays on the latents' device (a GPU buffer on WebGPU, a CPU tensor on WASM) and is updated per
 * step by the divergence_watch graph (residentDivergenceGraph.ts). Nothing is read until `read`, which
 * the denoise loop issues together with the final latents' read-back: 12 bytes, one per image.
 */
import * as ort from 'onnxruntime-web';
import type { DivergenceWatch, FirstBadStep } from '../../engine/pipeline/latentOps';
import type { NonFiniteKind } from '../../engine/pipeline/NonFiniteLatentsError';
import { buildDivergenceWatchGraph, DIVERGENCE_GRAPH_KEY, DIVERGENCE_KIND_CODES } from './residentDivergenceGraph';

const KIND_BY_CODE = new Map<number, NonFiniteKind>(
  (Object.entries(DIVERGENCE_KIND_CODES) as [NonFiniteKind, number][]).map(([kind, code]) => [code, kind]),
);

const scalar = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);

/** Decodes a record read back from the device. */
export function decodeDivergenceRecord(record: Float32Array): FirstBadStep | null {
  if (record.length !== 3) throw new RangeError(`divergence record: expected 3 values, got ${record.length}`);
  const [step, code, count] = record;
  if (step < 0) return null;
  const kind = KIND_BY_CODE.get(code);
  if (!kind) throw new RangeError(`divergence record: unknown kind code ${code} at step ${step}`);
  return { step, kind, count };
}

/**
 * A watch over latents of `count` elements. `graphSession` gives the divergence_watch session on the
 * latents' device; `onRead` is told of each record read (OrtLatentOps counts them).
 */
export function createResidentDivergenceWatch(
  count: number,
  graphSession: (key: string, build: () => Uint8Array) => Promise<ort.InferenceSession>,
  onRead: () => void,
): DivergenceWatch<ort.Tensor> {
  let record: ort.Tensor | undefined = new ort.Tensor('float32', Float32Array.of(-1, 0, 0), [3]);
  const live = () => {
    if (!record) throw new Error('divergence watch used after release');
    return record;
  };
  return {
    async observe(latents, step) {
      const session = await graphSession(DIVERGENCE_GRAPH_KEY, buildDivergenceWatchGraph);
      const prev = live();
      const out = await session.run({ latents, record: prev, step: scalar(step), count: scalar(count) });
      record = out.next_record;
      prev.dispose();
    },
    async read() {
      onRead();
      return decodeDivergenceRecord((await live().getData()) as Float32Array);
    },
    release() {
      record?.dispose();
      record = undefined;
    },
  };
}
