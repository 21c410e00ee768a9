/**
 * @file Test-only reference: runs a TFJS graph model with tfjs-core + tfjs-converter on the CPU backend,
 * loaded from memory (no network, no file URLs). Never imported by app code.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import type { TfjsModelJson } from './tfjsModel';

let ready: Promise<void> | undefined;

/** Loads the model into tfjs (CPU backend) from its parsed JSON and concatenated weight bytes. */
export async function loadTfjsReference(model: TfjsModelJson, weightData: Uint8Array): Promise<GraphModel> {
  ready ??= tf.setBackend('cpu').then(() => tf.ready());
  await ready;
  const weightSpecs = model.weightsManifest.flatMap((g) => g.weights);
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer;
  const artifacts = {
    modelTopology: model.modelTopology,
    weightSpecs,
    weightData: buffer,
    format: model.format,
    generatedBy: model.generatedBy,
    convertedBy: model.convertedBy,
    signature: model.signature,
    userDefinedMetadata: model.userDefinedMetadata,
  } as unknown as tf.io.ModelArtifacts;
  return loadGraphModel(tf.io.fromMemory(artifacts));
}

/** Runs the model on one float32 input and returns the named outputs as flat arrays with shapes. */
export async function runTfjsReference(
  model: GraphModel,
  input: { data: Float32Array; shape: number[] },
  outputNames: string[],
): Promise<{ data: Float32Array; shape: number[] }[]> {
  const x = tf.tensor(input.data, input.shape, 'float32');
  const ys = model.execute(x, outputNames);
  const list = Array.isArray(ys) ? ys : [ys];
  const out = await Promise.all(list.map(async (t) => ({ data: (await t.data()) as Float32Array, shape: t.shape })));
  tf.dispose([x, ...list]);
  return out;
}
