/**
 * Test-only: converts the three face-stack models once per test file (from node_modules/@vladmandic/human)
 * and opens onnxruntime-web sessions on them (wasm, one thread, in Node).
 */
import * as ort from 'onnxruntime-web';
import type { ConvertedTfjsGraph } from '../../onnx/tfjs/convertTfjsGraph';
import { convertFaceStackModel, readFaceStackSources, type FaceStackComponent, type FaceStackSource } from './faceStackPack';
import { readHumanPackageFile } from './faceStackModelFiles';

export interface FaceStackUnderTest {
  source: FaceStackSource;
  converted: ConvertedTfjsGraph;
  session: ort.InferenceSession;
}

let loading: Promise<Record<FaceStackComponent, FaceStackUnderTest>> | undefined;

/** The converted models with open sessions, keyed by component. */
export function loadFaceStack(): Promise<Record<FaceStackComponent, FaceStackUnderTest>> {
  loading ??= (async () => {
    ort.env.wasm.numThreads = 1;
    const out = {} as Record<FaceStackComponent, FaceStackUnderTest>;
    for (const source of await readFaceStackSources(readHumanPackageFile)) {
      const converted = convertFaceStackModel(source);
      out[source.component] = { source, converted, session: await ort.InferenceSession.create(converted.model) };
    }
    return out;
  })();
  return loading;
}

/** Runs one NHWC float32 input through a component; returns every output's flat data. */
export async function runComponent(m: FaceStackUnderTest, input: Float32Array, shape: number[]): Promise<Record<string, Float32Array>> {
  const res = await m.session.run({ [m.converted.inputs[0].name]: new ort.Tensor('float32', input, shape) });
  return Object.fromEntries(Object.entries(res).map(([k, t]) => [k, t.data as Float32Array]));
}
