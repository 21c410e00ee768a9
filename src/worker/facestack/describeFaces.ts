/**
 * @file The face-stack chain over a batch of images (face-tooling.md §4, §7): find the face (the caller's
 * alignment, or BlazeFace) → FaceMesh → 5 points → Umeyama onto the ArcFace template (112 and ×2 = 224) → HSE
 * FaceRes descriptor. FaceMesh and FaceRes have a free batch dimension and run once per chunk; BlazeFace is
 * exported with batch 1 and runs per image.
 */
import { alignToArcFaceTemplate } from '../../engine/face/alignToArcFaceTemplate';
import { ARCFACE_TEMPLATE_112 } from '../../engine/face/arcFaceTemplate';
import { affine2x3, applyAffine, type Affine2x3, type AlignedPx, type Landmarks5, type SourcePx } from '../../engine/face/coordinateSpaces';
import { estimateSimilarityTransform } from '../../engine/face/estimateSimilarityTransform';
import type { ImageU8 } from '../../engine/face/imageRaster';
import { warpAffineBilinear } from '../../engine/face/warpAffineBilinear';
import { blazeFaceInput } from '../../engine/facestack/blazeFaceInput';
import { decodeBlazeFace, detectionToSource, type FaceDetection } from '../../engine/facestack/decodeBlazeFace';
import { alignedCropFaceBox, faceMeshCropTransform, meshToSource, squareBoxAround, type MeshCropPx } from '../../engine/facestack/faceMeshInput';
import { faceResInput } from '../../engine/facestack/faceResInput';
import { BLAZEFACE, FACEMESH, FACERES } from '../../engine/facestack/faceStackModels';
import { imageToNhwc } from '../../engine/facestack/imageToNhwc';
import { landmarksTo5Points } from '../../engine/facestack/landmarksTo5Points';
import { throwIfAborted } from '../../engine/progress/abort';
import type { TensorData } from '../protocol';
import type { FaceDescribeResult, FaceImage, FaceInput, FaceStackFailure, FaceStackRun } from './faceStackTypes';

/** Smallest input side accepted: below this a face has too few pixels for FaceMesh's 192 crop to mean anything. */
export const MIN_FACE_IMAGE_SIDE = 32;
/** BlazeFace score needed to call something a face (Human's `face.detector.minConfidence` default is 0.2; 0.5 keeps the "more than one face" warning honest). */
export const MIN_DETECTOR_SCORE = 0.5;
/**
 * FaceMesh face-presence below which the aligned route reports "no face found". Low on purpose: renderer
 * faces and DigiFace crops score well above it, a blank or noise image far below.
 */
export const MIN_FACE_SCORE = 0.1;
/** Aligned-route offset from the template (112 px) above which the crop gets the second FaceMesh pass. */
export const REFINE_ALIGNED_OFFSET = 4;
/** Images per FaceMesh / FaceRes run; bounds the activations kept alive at once. */
export const DEFAULT_MAX_BATCH = 8;

export interface DescribeFacesOptions {
  /** Images per FaceMesh / FaceRes run (default {@link DEFAULT_MAX_BATCH}). */
  maxBatch?: number;
  /**
   * Run FaceMesh a second time in template geometry (default true): always on the detected route, and on the
   * aligned route when the first points sit more than {@link REFINE_ALIGNED_OFFSET} px off the template.
   */
  refine?: boolean;
  signal?: AbortSignal;
}

/** One image's state between the stages. */
interface Pending {
  index: number;
  image: ImageU8;
  route: 'aligned' | 'detected';
  toCrop: Affine2x3<SourcePx, MeshCropPx>;
  detection?: FaceDetection<SourcePx> & { faces: number };
  warning?: string;
  five?: Landmarks5<SourcePx>;
  faceScore?: number;
}

/** The FaceMesh crop of the 112 template geometry (the box alignedCropFaceBox was tuned on). */
const TEMPLATE_CROP = faceMeshCropTransform<AlignedPx>(alignedCropFaceBox(112));

/** `outer ∘ inner` for row-major 2×3 affines. */
function compose<A extends string, B extends string, C extends string>(outer: Affine2x3<B, C>, inner: Affine2x3<A, B>): Affine2x3<A, C> {
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return affine2x3<A, C>([a1 * a2 + b1 * d2, a1 * b2 + b1 * e2, a1 * c2 + b1 * f2 + c1, d1 * a2 + e1 * d2, d1 * b2 + e1 * e2, d1 * c2 + e1 * f2 + f1]);
}

/** RMS residual (112-template pixels) of the best similarity fit of `points` onto the 112 template. */
export function templateFitRmse(points: Landmarks5<SourcePx>): number {
  const m = estimateSimilarityTransform(points, ARCFACE_TEMPLATE_112);
  let sum = 0;
  for (let k = 0; k < 5; k++) {
    const p = applyAffine(m, points[k]);
    sum += (p[0] - ARCFACE_TEMPLATE_112[k][0]) ** 2 + (p[1] - ARCFACE_TEMPLATE_112[k][1]) ** 2;
  }
  return Math.sqrt(sum / 5);
}

/** Mean distance (112-template pixels) between points of an aligned side×side crop and the template scaled by side/112. */
function templateOffset(points: Landmarks5<SourcePx>, side: number): number {
  const s = 112 / side;
  let sum = 0;
  for (let k = 0; k < 5; k++) sum += Math.hypot(points[k][0] * s - ARCFACE_TEMPLATE_112[k][0], points[k][1] * s - ARCFACE_TEMPLATE_112[k][1]);
  return sum / 5;
}

function checkImage(input: FaceInput): ImageU8 | FaceStackFailure {
  const { rgba, width, height } = input.image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || rgba.length !== width * height * 4) {
    return { code: 'face/invalid-image', error: `not an RGBA image: ${width}×${height} with ${rgba.length} bytes (expected width·height·4)` };
  }
  if (Math.min(width, height) < MIN_FACE_IMAGE_SIDE) {
    return { code: 'face/too-small', error: `image too small (${width}×${height} px): a face needs at least ${MIN_FACE_IMAGE_SIDE}×${MIN_FACE_IMAGE_SIDE} px` };
  }
  return { data: rgba, width, height, channels: 4 };
}

function boxArea(b: FaceDetection<string>['box']): number {
  return (b.xMax - b.xMin) * (b.yMax - b.yMin);
}

function requireOutput(out: Record<string, TensorData>, name: string, component: string): Float32Array {
  const t = out[name];
  if (!t) throw new Error(`face-stack ${component} returned no "${name}" output (got ${Object.keys(out).join(', ') || 'none'})`);
  return t.data;
}

/** BlazeFace on one image: the largest face above {@link MIN_DETECTOR_SCORE}, or why there is none. */
async function detect(run: FaceStackRun, image: ImageU8): Promise<(FaceDetection<SourcePx> & { faces: number }) | FaceStackFailure> {
  const input = blazeFaceInput(image);
  const size = BLAZEFACE.inputSize;
  const out = await run('detector', { [BLAZEFACE.input]: { dims: [1, size, size, 3], data: input.tensor } });
  const raw = {
    scores16: requireOutput(out, BLAZEFACE.scores16, 'detector'),
    scores32: requireOutput(out, BLAZEFACE.scores32, 'detector'),
    boxes16: requireOutput(out, BLAZEFACE.boxes16, 'detector'),
    boxes32: requireOutput(out, BLAZEFACE.boxes32, 'detector'),
  };
  const found = decodeBlazeFace(raw, { minScore: MIN_DETECTOR_SCORE });
  if (!found.length) {
    const best = decodeBlazeFace(raw, { minScore: 0, maxFaces: 1 })[0]?.score ?? 0;
    return { code: 'face/not-found', error: `no face found (best detector score ${best.toFixed(2)}, need ${MIN_DETECTOR_SCORE})`, bestScore: best };
  }
  const largest = found.reduce((a, b) => (boxArea(b.box) > boxArea(a.box) ? b : a));
  return { ...detectionToSource(largest, input.toInput), faces: found.length };
}

/**
 * FaceMesh on every pending image through its `toCrop`, batched; sets `five` and `faceScore` (source pixels).
 */
async function runMesh(run: FaceStackRun, items: Pending[], maxBatch: number, signal?: AbortSignal): Promise<void> {
  const n = FACEMESH.inputSize;
  const per = n * n * 3;
  for (let at = 0; at < items.length; at += maxBatch) {
    throwIfAborted(signal);
    const chunk = items.slice(at, at + maxBatch);
    const data = new Float32Array(chunk.length * per);
    chunk.forEach((p, i) => {
      // The same warp and scaling as faceMeshInput, but through any affine (the refined crop is rotated).
      const crop = warpAffineBilinear(p.image, p.toCrop, n, n);
      data.set(imageToNhwc(crop, { order: 'rgb', mean: [0, 0, 0], scale: [1 / 255, 1 / 255, 1 / 255] }), i * per);
    });
    const out = await run('landmarks', { [FACEMESH.input]: { dims: [chunk.length, n, n, 3], data } });
    const mesh = requireOutput(out, FACEMESH.mesh, 'landmarks');
    const flag = requireOutput(out, FACEMESH.faceFlag, 'landmarks');
    const stride = FACEMESH.points * 3;
    chunk.forEach((p, i) => {
      p.five = landmarksTo5Points<SourcePx>(meshToSource(mesh.subarray(i * stride, (i + 1) * stride), p.toCrop));
      p.faceScore = flag[i];
    });
  }
}

/**
 * Re-crops each face in the 112 template's geometry from its first-pass points (rotation and scale removed),
 * so the second FaceMesh pass sees every face the way alignedCropFaceBox was tuned for, whether it came from the
 * detector's axis-aligned box or from a crop whose alignment differs a little from the template.
 */
function refineCrops(items: Pending[]): void {
  for (const p of items) {
    if (!p.five) continue;
    const toTemplate = estimateSimilarityTransform<SourcePx, AlignedPx>(p.five, ARCFACE_TEMPLATE_112);
    p.toCrop = compose(TEMPLATE_CROP, toTemplate);
  }
}

function toFaceImage(image: ImageU8): FaceImage {
  return { rgba: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), width: image.width, height: image.height };
}

/**
 * Describes each input: five points, ArcFace-aligned crops at 112 and 224, FaceRes descriptor, quality numbers.
 * Failures (too small, no face) are per image and never stop the batch; model errors do throw.
 * @param run the face-stack pack's component runner
 * @returns one result per input, in order
 */
export async function describeFaces(run: FaceStackRun, inputs: readonly FaceInput[], options: DescribeFacesOptions = {}): Promise<FaceDescribeResult[]> {
  const { maxBatch = DEFAULT_MAX_BATCH, refine = true, signal } = options;
  const results: FaceDescribeResult[] = new Array(inputs.length);
  const pending: Pending[] = [];
  for (let index = 0; index < inputs.length; index++) {
    throwIfAborted(signal);
    const input = inputs[index];
    const image = checkImage(input);
    if ('error' in image) {
      results[index] = image;
      continue;
    }
    if (input.aligned && image.width === image.height) {
      pending.push({ index, image, route: 'aligned', toCrop: faceMeshCropTransform<SourcePx>(alignedCropFaceBox(image.width)) });
      continue;
    }
    const found = await detect(run, image);
    if ('error' in found) {
      results[index] = found;
      continue;
    }
    const notes: string[] = [];
    if (input.aligned) notes.push(`marked aligned but not square (${image.width}×${image.height}); the face was detected instead`);
    if (found.faces > 1) notes.push(`more than one face (${found.faces} found); used the largest`);
    pending.push({
      index,
      image,
      route: 'detected',
      // ×1.5 around the detector box, as face-tooling.md §4 measured (Human uses ×1.4).
      toCrop: faceMeshCropTransform<SourcePx>(squareBoxAround(found.box, 1.5)),
      detection: found,
      warning: notes.length ? notes.join('; ') : undefined,
    });
  }

  // Two FaceMesh passes: the first finds the face roughly, the second runs in template geometry.
  // Measured on renderer faces: the second pass cuts the detected route's error (pasted, rotated faces: 2.4 → 1.8
  // px mean) but changes nothing on well-aligned crops, so aligned crops only get it when they sit off the template.
  await runMesh(run, pending, maxBatch, signal);
  if (refine) {
    const again = pending.filter((p) => p.route === 'detected' || templateOffset(p.five!, p.image.width) > REFINE_ALIGNED_OFFSET);
    refineCrops(again);
    await runMesh(run, again, maxBatch, signal);
  }

  const described: { p: Pending; crop112: ImageU8; crop224: ImageU8 }[] = [];
  for (const p of pending) {
    const five = p.five!;
    const faceScore = p.faceScore ?? 0;
    if (faceScore < MIN_FACE_SCORE) {
      results[p.index] = { code: 'face/not-found', error: `no face found (landmark face score ${faceScore.toFixed(2)}, need ${MIN_FACE_SCORE})`, bestScore: faceScore };
      continue;
    }
    described.push({ p, crop112: alignToArcFaceTemplate(p.image, five, 112).image, crop224: alignToArcFaceTemplate(p.image, five, FACERES.inputSize).image });
  }

  const n = FACERES.inputSize;
  const per = n * n * 3;
  const dim = FACERES.descriptorSize;
  for (let at = 0; at < described.length; at += maxBatch) {
    throwIfAborted(signal);
    const chunk = described.slice(at, at + maxBatch);
    const data = new Float32Array(chunk.length * per);
    chunk.forEach((d, i) => data.set(faceResInput(d.crop224), i * per));
    const out = await run('identity', { [FACERES.input]: { dims: [chunk.length, n, n, 3], data } });
    const descriptors = requireOutput(out, FACERES.descriptor, 'identity');
    chunk.forEach(({ p, crop112, crop224 }, i) => {
      const five = p.five!;
      results[p.index] = {
        route: p.route,
        landmarks5: five,
        alignedCrop112: toFaceImage(crop112),
        alignedCrop224: toFaceImage(crop224),
        descriptor: descriptors.slice(i * dim, (i + 1) * dim),
        quality: {
          templateFitRmse: templateFitRmse(five),
          templateOffset: p.route === 'aligned' ? templateOffset(five, p.image.width) : undefined,
          faceScore: p.faceScore ?? 0,
        },
        detection: p.detection ? { box: p.detection.box, score: p.detection.score, faces: p.detection.faces } : undefined,
        warning: p.warning,
      };
    });
  }
  return results;
}
