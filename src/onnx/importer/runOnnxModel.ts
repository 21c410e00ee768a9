/**
 * @file Runs a built graph once at import time (the unconditional embedding is computed, not shipped
 * by the model authors). onnxruntime-web is loaded lazily so importing the importer does not pull it in,
 * and works the same in Node, pages and workers.
 */

/** A float32 feed. */
export interface FloatFeed {
  dims: readonly number[];
  data: Float32Array;
}

/** An external-data file of the model, by the path its tensors name. */
export interface ExternalDataFile {
  path: string;
  data: Uint8Array;
}

/** Runs `model` (with its external data, if any) once; resolves with every output as float32. */
export type RunOnnxModel = (model: Uint8Array, feeds: Record<string, FloatFeed>, externalData?: ExternalDataFile[]) => Promise<Record<string, Float32Array>>;

/** Default runner: onnxruntime-web on its WASM backend. */
export const runOnnxModelWithOrtWeb: RunOnnxModel = async (model, feeds, externalData) => {
  const ort = await import('onnxruntime-web');
  // In Node, ORT's threaded WASM spawns worker_threads that can keep a CLI alive; one thread is plenty
  // for one small import-time run. In a browser worker the studio's own session setup decides.
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode) ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(model, externalData ? { externalData } : {});
  try {
    const ortFeeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, [...t.dims]);
    const results = await session.run(ortFeeds);
    const out: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(results)) out[name] = t.data as Float32Array;
    return out;
  } finally {
    await session.release();
  }
};
