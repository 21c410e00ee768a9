/**
 * @file The worker's face-stack service: describes faces (5 points, ArcFace-aligned crops, HSE FaceRes
 * descriptor) and scores identity similarity, over an injected component runner — the worker passes the loaded
 * `face-stack` pack's `runPackComponent`, Node tests pass onnxruntime-web sessions. No DOM.
 */
import { centredCosine } from '../../engine/facestack/centredCosine';
import { FACE_STACK_IDENTITY_MODEL } from '../../engine/facestack/faceStackModels';
import { describeFaces, type DescribeFacesOptions } from './describeFaces';
import type { FaceDescribeResult, FaceImage, FaceInput, FaceStackRun } from './faceStackTypes';
import { rendererDescriptorMean, type RendererMeanSet } from './rendererDescriptorMean';

/** An identity score, always labelled with the model that produced it (FaceRes ≠ the papers' ArcFace, face-tooling.md §8.1). */
export interface FaceIdentityScore {
  /** Cosine in [−1, 1], centred when `centred`. */
  value: number;
  /** Display name, `FACE_STACK_IDENTITY_MODEL.label`. */
  model: string;
  /** Stable id, `FACE_STACK_IDENTITY_MODEL.id`. */
  modelId: string;
  /** Whether a centring mean was subtracted (uncentred FaceRes cosines run about 0.4 higher). */
  centred: boolean;
}

export interface FaceStackServiceOptions {
  /** Images per FaceMesh / FaceRes run (default 8). */
  maxBatch?: number;
  /** Second FaceMesh pass in template geometry (default true), see describeFaces. */
  refine?: boolean;
  /** A precomputed centring mean (1024 floats); skips the renderer set. */
  descriptorMean?: Float32Array;
  /** The renderer set the lazy mean is computed from (default 32 neutral identities at 112). */
  meanSet?: RendererMeanSet;
}

export interface FaceStackService {
  /** Describes one image; `aligned` skips detection for square crops already on the ArcFace template. */
  describeFace(image: FaceImage, options?: { aligned?: boolean; signal?: AbortSignal }): Promise<FaceDescribeResult>;
  /** Describes many images, batching FaceMesh and FaceRes; one result per input, in order. */
  describeFaces(inputs: readonly FaceInput[], options?: { signal?: AbortSignal }): Promise<FaceDescribeResult[]>;
  /** Cosine of two descriptors, centred on `mean` when given. */
  identitySimilarity(a: ArrayLike<number>, b: ArrayLike<number>, mean?: ArrayLike<number>): FaceIdentityScore;
  /** The centring mean: computed on first use from renderer faces, then cached (a failed attempt is retried next call). */
  descriptorMean(signal?: AbortSignal): Promise<Float32Array>;
}

/** @param run runs a face-stack component (`detector`, `landmarks`, `identity`) on named float32 feeds */
export function createFaceStackService(run: FaceStackRun, options: FaceStackServiceOptions = {}): FaceStackService {
  const describeOptions: DescribeFacesOptions = { maxBatch: options.maxBatch, refine: options.refine };
  let mean: Promise<Float32Array> | undefined = options.descriptorMean ? Promise.resolve(options.descriptorMean) : undefined;

  const service: FaceStackService = {
    async describeFace(image, { aligned, signal } = {}) {
      return (await describeFaces(run, [{ image, aligned }], { ...describeOptions, signal }))[0];
    },
    describeFaces(inputs, { signal } = {}) {
      return describeFaces(run, inputs, { ...describeOptions, signal });
    },
    identitySimilarity(a, b, centre) {
      const { id, label } = FACE_STACK_IDENTITY_MODEL;
      return { value: centredCosine(a, b, centre), model: label, modelId: id, centred: centre !== undefined };
    },
    descriptorMean(signal) {
      mean ??= rendererDescriptorMean((inputs) => service.describeFaces(inputs, { signal }), options.meanSet, signal).catch((e: unknown) => {
        mean = undefined;
        throw e;
      });
      return mean;
    },
  };
  return service;
}
