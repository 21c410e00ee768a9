/**
 * Parity of the converted face-stack models (onnxruntime-web, wasm) with the original TFJS graph models
 * (tfjs-core + tfjs-converter + tfjs-backend-cpu 4.22), on a rendered face prepared as the app prepares it and
 * on a random tensor in the model's input range. Tolerance: max |tfjs − onnx| ≤ 1e-4 × max |tfjs| per output;
 * the two runtimes sum convolutions in different orders in float32, which measured 1e-7…2e-6 of the output
 * scale over ~30–40 layers, so 1e-4 leaves a wide margin while still catching any layout or weight mistake
 * (those give errors of the order of the output itself). The scale is floored at 0.01 for saturated outputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { alignToArcFaceTemplate } from '../../engine/face/alignToArcFaceTemplate';
import { ARCFACE_TEMPLATE_112 } from '../../engine/face/arcFaceTemplate';
import { landmarks5, type SourcePx } from '../../engine/face/coordinateSpaces';
import type { ImageU8 } from '../../engine/face/imageRaster';
import { blazeFaceInput } from '../../engine/facestack/blazeFaceInput';
import { alignedCropFaceBox, faceMeshInput } from '../../engine/facestack/faceMeshInput';
import { faceResInput } from '../../engine/facestack/faceResInput';
import { createRng, generateIdentitySet } from '../../engine/render';

import { loadTfjsReference, runTfjsReference } from '../../onnx/tfjs/runTfjsReference.test-util';
import type { FaceStackComponent } from './faceStackPack';
import { FACE_STACK_MODELS } from './faceStackPack';
import { loadFaceStack, runComponent, type FaceStackUnderTest } from './faceStackSessions.test-util';

const TOLERANCE = 1e-4;
/** Outputs near zero (FaceMesh's face flag on noise is a sigmoid at ~4e-5) are compared against 0.01 instead. */
const SCALE_FLOOR = 0.01;

let stack: Record<FaceStackComponent, FaceStackUnderTest>;
let face: ImageU8;

beforeAll(async () => {
  stack = await loadFaceStack();
  const [f] = generateIdentitySet({ identities: 1, variations: 1, identitySeedBase: 11 });
  face = { data: f.rgba, width: f.width, height: f.height, channels: 4 };
}, 120_000);

/** Uniform noise in [lo, hi], NHWC. */
function noise(shape: number[], lo: number, hi: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * rng.next());
}

async function compare(component: FaceStackComponent, inputs: { label: string; data: Float32Array }[]): Promise<void> {
  const m = stack[component];
  const spec = FACE_STACK_MODELS[component];
  const shape = (spec.input.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));
  const reference: GraphModel = await loadTfjsReference(m.source.json, m.source.weights);
  for (const { label, data } of inputs) {
    const got = await runComponent(m, data, shape);
    const want = await runTfjsReference(reference, { data, shape }, spec.outputs.map((o) => o.tfName));
    spec.outputs.forEach((o, k) => {
      const a = got[o.name!];
      const b = want[k].data;
      expect(a.length).toBe(b.length);
      let maxAbs = 0;
      let scale = 0;
      for (let i = 0; i < b.length; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(a[i] - b[i]));
        scale = Math.max(scale, Math.abs(b[i]));
      }
      console.log(`[face-stack parity] ${component}.${o.name} (${label}): max |tfjs − onnx| ${maxAbs.toExponential(2)}, output scale ${scale.toPrecision(4)}, relative ${(maxAbs / scale).toExponential(2)}`);
      expect(maxAbs).toBeLessThanOrEqual(TOLERANCE * Math.max(scale, SCALE_FLOOR));
    });
  }
  reference.dispose();
}

describe('face-stack ONNX models match the TFJS originals', () => {
  it('detector (BlazeFace)', async () => {
    await compare('detector', [
      { label: 'rendered face', data: blazeFaceInput(face).tensor },
      { label: 'noise', data: noise([1, 256, 256, 3], -1, 1, 1) },
    ]);
  }, 120_000);

  it('landmarks (FaceMesh)', async () => {
    await compare('landmarks', [
      { label: 'rendered face', data: faceMeshInput(face, alignedCropFaceBox(face.width)).tensor },
      { label: 'noise', data: noise([1, 192, 192, 3], 0, 1, 2) },
    ]);
  }, 120_000);

  it('identity (HSE FaceRes)', async () => {
    await compare('identity', [
      { label: 'rendered face', data: faceResInput(alignToArcFaceTemplate(face, landmarks5<SourcePx>(ARCFACE_TEMPLATE_112), 224).image) },
      { label: 'noise', data: noise([1, 224, 224, 3], -125, 150, 3) },
    ]);
  }, 120_000);
});
