/**
 * @file The renderer's two measured figures (issue 9), over an injected face-stack runner so Node's bench and
 * unit tests share one computation:
 * - alignment: FaceMesh's 5 points on the renderer's ArcFace-aligned 112 crops against the template (mean px);
 * - identity structure: verification AUC of HSE FaceRes descriptors through the full chain (FaceMesh → 5 points
 *   → ArcFace alignment ×2 → FaceRes 224), over every pair of a generated identities × variations set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alignToArcFaceTemplate } from '../engine/face/alignToArcFaceTemplate';
import { ARCFACE_TEMPLATE_112 } from '../engine/face/arcFaceTemplate';
import type { SourcePx } from '../engine/face/coordinateSpaces';
import type { ImageU8 } from '../engine/face/imageRaster';
import { centredCosine } from '../engine/facestack/centredCosine';
import { alignedCropFaceBox, faceMeshInput, meshToSource } from '../engine/facestack/faceMeshInput';
import { faceResInput } from '../engine/facestack/faceResInput';
import { FACEMESH, FACERES } from '../engine/facestack/faceStackModels';
import { landmarksTo5Points } from '../engine/facestack/landmarksTo5Points';
import { verificationAuc } from '../engine/facestack/verificationAuc';
import { generateIdentitySet, type SyntheticFace } from '../engine/render';

/** Runs one face-stack component on a float32 NHWC batch; returns every output's flat data. */
export type FaceStackBatchRun = (component: 'landmarks' | 'identity', input: Float32Array, shape: number[]) => Promise<Record<string, Float32Array>>;

export interface RendererFigureOptions {
  identities: number;
  variations: number;
  identitySeedBase: number;
  /** Images per FaceMesh / FaceRes call (default 8). */
  batch?: number;
  /** Swaps the renderer's faces before measuring (tests use it to check the figures see a broken renderer). */
  mapFace?: (face: SyntheticFace) => SyntheticFace;
  log?: (line: string) => void;
}

export interface RendererFigures {
  identities: number;
  variations: number;
  /** Mean over images and points of |FaceMesh point − ArcFace template point|, 112-crop pixels. */
  meanLandmarkErrorPx: number;
  maxImageLandmarkErrorPx: number;
  /** Mean signed offset (detected − template) per point, ArcFace order, 112-crop pixels: the systematic part. */
  landmarkBiasPx: [number, number][];
  /** ROC AUC of raw FaceRes cosines, genuine (same identity) vs impostor pairs. */
  verificationAuc: number;
  genuinePairs: number;
  impostorPairs: number;
  meanGenuineCosine: number;
  meanImpostorCosine: number;
}

const avg = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

interface Measured {
  identity: string;
  error: number;
  offsets: [number, number][];
  descriptor: Float32Array;
}

/** Measures one batch of faces: FaceMesh on the aligned crop's face box, then FaceRes on the re-aligned 224 crop. */
async function measureBatch(faces: SyntheticFace[], run: FaceStackBatchRun): Promise<Measured[]> {
  const n = FACEMESH.inputSize;
  const meshIn = faces.map((f) => faceMeshInput<SourcePx>(asImage(f), alignedCropFaceBox(f.width)));
  const meshBatch = new Float32Array(faces.length * n * n * 3);
  meshIn.forEach((m, i) => meshBatch.set(m.tensor, i * n * n * 3));
  const mesh = (await run('landmarks', meshBatch, [faces.length, n, n, 3]))[FACEMESH.mesh];
  const stride = FACEMESH.points * 3;
  const fives = meshIn.map((m, i) => landmarksTo5Points<SourcePx>(meshToSource(mesh.subarray(i * stride, (i + 1) * stride), m.toCrop)));

  const r = FACERES.inputSize;
  const resBatch = new Float32Array(faces.length * r * r * 3);
  faces.forEach((f, i) => resBatch.set(faceResInput(alignToArcFaceTemplate(asImage(f), fives[i], r).image), i * r * r * 3));
  const desc = (await run('identity', resBatch, [faces.length, r, r, 3]))[FACERES.descriptor];
  const d = FACERES.descriptorSize;
  return faces.map((f, i) => {
    // Crops are 112 here; scale to 112-template pixels anyway so a 512 set reads the same.
    const s = 112 / f.width;
    const offsets = fives[i].map((p, k) => [p[0] * s - ARCFACE_TEMPLATE_112[k][0], p[1] * s - ARCFACE_TEMPLATE_112[k][1]] as [number, number]);
    return { identity: f.identity, error: avg(offsets.map(([x, y]) => Math.hypot(x, y))), offsets, descriptor: desc.slice(i * d, (i + 1) * d) };
  });
}

function asImage(f: SyntheticFace): ImageU8 {
  return { data: f.rgba, width: f.width, height: f.height, channels: 4 };
}

/** Renders the set (112 crops) and measures both figures. Deterministic for a deterministic runner. */
export async function measureRendererFigures(run: FaceStackBatchRun, o: RendererFigureOptions): Promise<RendererFigures> {
  const batch = o.batch ?? 8;
  const measured: Measured[] = [];
  let pending: SyntheticFace[] = [];
  const total = o.identities * o.variations;
  for (const rendered of generateIdentitySet({ identities: o.identities, variations: o.variations, identitySeedBase: o.identitySeedBase })) {
    pending.push(o.mapFace ? o.mapFace(rendered) : rendered);
    if (pending.length === batch) {
      measured.push(...(await measureBatch(pending, run)));
      pending = [];
      if (measured.length % (batch * 10) === 0) o.log?.(`renderer figures: ${measured.length}/${total} faces`);
    }
  }
  if (pending.length) measured.push(...(await measureBatch(pending, run)));

  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < measured.length; i++) {
    for (let j = i + 1; j < measured.length; j++) {
      const c = centredCosine(measured[i].descriptor, measured[j].descriptor);
      (measured[i].identity === measured[j].identity ? genuine : impostor).push(c);
    }
  }
  const bias = ARCFACE_TEMPLATE_112.map((_, k) => [avg(measured.map((m) => m.offsets[k][0])), avg(measured.map((m) => m.offsets[k][1]))] as [number, number]);
  return {
    identities: o.identities,
    variations: o.variations,
    meanLandmarkErrorPx: avg(measured.map((m) => m.error)),
    maxImageLandmarkErrorPx: Math.max(...measured.map((m) => m.error)),
    landmarkBiasPx: bias,
    verificationAuc: verificationAuc(genuine, impostor),
    genuinePairs: genuine.length,
    impostorPairs: impostor.length,
    meanGenuineCosine: avg(genuine),
    meanImpostorCosine: avg(impostor),
  };
}

/** One line for logs and the bench table. */
export function formatRendererFigures(f: RendererFigures): string {
  const bias = f.landmarkBiasPx.map(([x, y]) => `(${x.toFixed(2)}, ${y.toFixed(2)})`).join(' ');
  return (
    `renderer, ${f.identities} identities × ${f.variations} variations (112 crops): FaceMesh 5-point error vs ArcFace template mean ${f.meanLandmarkErrorPx.toFixed(2)} px ` +
    `(worst image ${f.maxImageLandmarkErrorPx.toFixed(2)} px; mean offset per point ${bias}); HSE FaceRes verification AUC ${f.verificationAuc.toFixed(4)} ` +
    `on ${f.genuinePairs} genuine / ${f.impostorPairs} impostor pairs (cosine genuine ${f.meanGenuineCosine.toFixed(3)}, impostor ${f.meanImpostorCosine.toFixed(3)})`
  );
}

/** The bench's renderer section: 100 identities × 5 variations (20 × 3 with --quick), or why it was skipped. */
export type RendererBenchFigures = RendererFigures | { skipped: string };

/**
 * Opens the `face-stack` pack's FaceMesh and FaceRes from `packDir` (models/face-stack, built by `npm run
 * models`) with the given onnxruntime and measures the renderer figures. Identity seed base 2026: never the
 * calibration set of src/engine/render/faceStackLandmarkConvention.ts.
 */
export async function measureRendererBench(
  ort: typeof import('onnxruntime-web'),
  packDir: string,
  o: { quick: boolean; log: (line: string) => void },
): Promise<RendererBenchFigures> {
  const files = { landmarks: join(packDir, 'landmarks.onnx'), identity: join(packDir, 'identity.onnx') };
  if (!existsSync(files.landmarks) || !existsSync(files.identity)) return { skipped: `no face-stack pack in ${packDir} (run npm run models)` };
  const sessions = {
    landmarks: await ort.InferenceSession.create(readFileSync(files.landmarks)),
    identity: await ort.InferenceSession.create(readFileSync(files.identity)),
  };
  const run: FaceStackBatchRun = async (component, input, shape) => {
    const s = sessions[component];
    const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', input, shape) });
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  };
  const [identities, variations] = o.quick ? [20, 3] : [100, 5];
  o.log(`renderer figures: ${identities} identities × ${variations} variations through FaceMesh and FaceRes…`);
  try {
    return await measureRendererFigures(run, { identities, variations, identitySeedBase: 2026, log: o.log });
  } finally {
    await Promise.all([sessions.landmarks.release(), sessions.identity.release()]);
  }
}
