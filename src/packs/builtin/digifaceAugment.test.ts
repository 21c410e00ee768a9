import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { AUGMENT_CONTROLS, AUGMENT_INPUTS, type AugmentParams } from '../../engine/augment/augmentControls';
import { augmentFeeds } from '../../engine/augment/augmentFeeds';
import { AUGMENT_PRESETS, NO_AUGMENTATION } from '../../engine/augment/augmentPresets';
import {
  addGaussianNoise,
  adjustBrightness,
  adjustContrast,
  adjustSaturation,
  downUpSample,
  gaussianBlur,
  jpegBlocking,
  mixGrayscale,
  motionBlur,
  referenceAugment,
  rotateHue,
  type RgbImage,
} from '../../engine/augment/referenceAugment';
import { nextFloat64, seedXoshiro128 } from '../../engine/random';
import { decodeModel } from '../../onnx/onnxProto';
import { buildDigifaceAugmentModel } from './digifaceAugmentModel';
import { buildDigifaceAugmentPack } from './digifaceAugmentPack';

let model: Uint8Array;
let session: ort.InferenceSession;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  model = buildDigifaceAugmentModel();
  session = await ort.InferenceSession.create(model);
});

/** A face-sized test pattern: gradients, a hard edge, saturated patches (exact 0 and 1) and seeded texture. */
function testImage(height: number, width: number, seed = 7): RgbImage {
  const st = seedXoshiro128(seed);
  const n = height * width;
  const data = new Float32Array(3 * n);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const t = nextFloat64(st);
      data[i] = x < width / 3 ? 1 : 0.2 + 0.6 * (y / height) + 0.1 * t;
      data[n + i] = y < height / 4 ? 0 : 0.5 + 0.4 * Math.sin(x / 3) * (0.5 + 0.5 * t);
      data[2 * n + i] = 0.3 + 0.5 * ((x + y) / (height + width)) + 0.15 * (t - 0.5);
    }
  return { data: data.map((v) => Math.min(1, Math.max(0, v))), height, width };
}

async function runGraph(img: RgbImage, params: Partial<AugmentParams>, seed = 1): Promise<Float32Array> {
  const { height, width } = img;
  const feeds: Record<string, ort.Tensor> = { image: new ort.Tensor('float32', img.data, [1, 3, height, width]) };
  for (const [name, t] of Object.entries(augmentFeeds(params, seed, { height, width }))) feeds[name] = new ort.Tensor('float32', t.data, t.dims);
  const out = await session.run(feeds);
  return (await out.augmented.getData()) as Float32Array;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const TOL = 1e-4;

describe('digiface-augment graph vs plain-JS reference, one stage at a time', () => {
  // 21×27 is not a multiple of 8 (JPEG padding/crop) and not square (axis mix-ups).
  const img = testImage(21, 27);
  const noise = augmentFeeds({}, 3, { height: 21, width: 27 }).noise.data;
  const cases: [string, Partial<AugmentParams>, (x: RgbImage) => RgbImage][] = [
    ['gaussian blur σ=0.7', { blur_sigma: 0.7 }, (x) => gaussianBlur(x, 0.7)],
    ['gaussian blur σ=2.5', { blur_sigma: 2.5 }, (x) => gaussianBlur(x, 2.5)],
    ['gaussian noise', { noise_std: 0.08 }, (x) => addGaussianNoise(x, noise, 0.08)],
    ['motion blur 6 px at 30°', { motion_blur_length: 6, motion_blur_angle: 30 }, (x) => motionBlur(x, 6, 30)],
    ['motion blur 10 px at 100°', { motion_blur_length: 10, motion_blur_angle: 100 }, (x) => motionBlur(x, 10, 100)],
    ['brightness +0.3', { brightness: 0.3 }, (x) => adjustBrightness(x, 0.3)],
    ['brightness −0.4', { brightness: -0.4 }, (x) => adjustBrightness(x, -0.4)],
    ['contrast +0.4', { contrast: 0.4 }, (x) => adjustContrast(x, 0.4)],
    ['contrast −0.3', { contrast: -0.3 }, (x) => adjustContrast(x, -0.3)],
    ['hue +40°', { hue: 40 }, (x) => rotateHue(x, 40)],
    ['hue −75°', { hue: -75 }, (x) => rotateHue(x, -75)],
    ['saturation +0.8', { saturation: 0.8 }, (x) => adjustSaturation(x, 0.8)],
    ['saturation −1', { saturation: -1 }, (x) => adjustSaturation(x, -1)],
    ['grayscale 0.6', { grayscale: 0.6 }, (x) => mixGrayscale(x, 0.6)],
    ['down-up ×2', { downsample_factor: 2 }, (x) => downUpSample(x, 2)],
    ['down-up ×2.7', { downsample_factor: 2.7 }, (x) => downUpSample(x, 2.7)],
    ['jpeg blocking 0.3', { jpeg_blocking: 0.3 }, (x) => jpegBlocking(x, 0.3)],
    ['jpeg blocking 1', { jpeg_blocking: 1 }, (x) => jpegBlocking(x, 1)],
  ];
  it.each(cases)('%s', async (_name, params, reference) => {
    const got = await runGraph(img, params, 3);
    const want = reference(img).data;
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(TOL);
    expect(maxAbsDiff(got, img.data)).toBeGreaterThan(1e-3); // the stage really changed the image
  });
});

describe('digiface-augment graph, all stages together', () => {
  it.each(['mild', 'strong'] as const)('matches the reference for the %s preset at 112×112', async (preset) => {
    const img = testImage(112, 112, 11);
    const params = AUGMENT_PRESETS[preset];
    const noise = augmentFeeds(params, 42, { height: 112, width: 112 }).noise.data;
    const got = await runGraph(img, params, 42);
    expect(maxAbsDiff(got, referenceAugment(img, noise, params).data)).toBeLessThanOrEqual(TOL);
  });

  it('is the identity when every strength is neutral', async () => {
    for (const [h, w] of [[112, 112], [21, 27]]) {
      const img = testImage(h, w);
      expect(maxAbsDiff(await runGraph(img, NO_AUGMENTATION, 5), img.data)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('is deterministic for a seed and changes with the seed', async () => {
    const img = testImage(32, 32);
    const a = await runGraph(img, AUGMENT_PRESETS.strong, 9);
    const b = await runGraph(img, AUGMENT_PRESETS.strong, 9);
    const c = await runGraph(img, AUGMENT_PRESETS.strong, 10);
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(1e-3);
  });

  it('keeps the output finite and in [0, 1] for extreme strengths', async () => {
    const img = testImage(24, 24);
    const extremes: Partial<AugmentParams>[] = [
      { noise_std: 5, brightness: 3, contrast: 4, saturation: 5, hue: 180 },
      { brightness: -3, contrast: -3, saturation: -3, grayscale: 2, jpeg_blocking: 3 },
      { blur_sigma: 50, motion_blur_length: 100, motion_blur_angle: -720, downsample_factor: 50 },
      { blur_sigma: -1, motion_blur_length: -5, downsample_factor: -3, jpeg_blocking: -1, grayscale: -1 },
    ];
    for (const p of extremes) {
      const out = await runGraph(img, p, 2);
      for (const v of out) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('digiface-augment pack', () => {
  it('is small, valid, and its manifest matches the model', async () => {
    expect(model.byteLength).toBeLessThan(32 * 1024); // kilobytes: kernels are computed in-graph, not stored
    const { manifest, files } = await buildDigifaceAugmentPack();
    expect(files.get('model.onnx')).toEqual(model);
    const io = manifest.components.model;
    expect(io.inputs.map((i) => i.name)).toEqual([...session.inputNames]);
    expect(io.outputs.map((o) => o.name)).toEqual([...session.outputNames]);
    expect(manifest.kind).toBe('augment');
    expect(manifest.description).toMatch(/no learned model/);
    const controls = manifest.controls ?? [];
    expect(controls.map((c) => c.input)).toEqual([...AUGMENT_INPUTS]);
    for (const c of controls) {
      const spec = AUGMENT_CONTROLS.find((s) => s.input === c.input)!;
      expect(c.default).toBe(AUGMENT_PRESETS.mild[c.input as keyof AugmentParams]);
      expect(spec.neutral).toBeGreaterThanOrEqual(c.min);
      expect(spec.neutral).toBeLessThanOrEqual(c.max);
    }
  });

  it('avoids the ops whose onnxruntime-web WebGPU kernels disagree with WASM, so it needs no backend pin', async () => {
    // e2e/packs.spec.ts checks the result on WebGPU itself; this keeps the graph away from the three ops that
    // gave WebGPU a different answer (Sin/Cos precision, Min followed by Mul, Resize rounding n · scale).
    const nodes = decodeModel(model).graph.node ?? [];
    const ops = new Set(nodes.map((n) => n.op_type));
    for (const op of ['Sin', 'Cos', 'Min', 'Max']) expect(ops.has(op), op).toBe(false);
    const resizes = nodes.filter((n) => n.op_type === 'Resize');
    expect(resizes).toHaveLength(2);
    for (const r of resizes) expect([r.input[2] ?? '', Boolean(r.input[3])]).toEqual(['', true]); // sizes, never scales
    expect((await buildDigifaceAugmentPack()).manifest.backend).toBeUndefined();
  });

  it('builds byte-identical models', () => {
    expect(buildDigifaceAugmentModel()).toEqual(model);
  });
});
