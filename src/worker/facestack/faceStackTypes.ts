/**
 * @file Types shared by the worker's face-stack service: the injected model runner, the images it takes, and
 * what it says about a face (or why it could not). Plain data only, so results cross comlink unchanged.
 */
import type { Landmarks5, SourcePx } from '../../engine/face/coordinateSpaces';
import type { FaceStackComponent } from '../../packs/builtin/faceStackPack';
import type { TensorData } from '../protocol';

/**
 * Runs one component of the `face-stack` pack: named float32 feeds in, named outputs out. The worker passes
 * `studioApi.runPackComponent(…)`'s outputs; Node tests pass onnxruntime-web sessions.
 */
export type FaceStackRun = (component: FaceStackComponent, feeds: Record<string, TensorData>) => Promise<Record<string, TensorData>>;

/** An 8-bit RGBA image, row-major (the shape decodeImage returns). */
export interface FaceImage {
  rgba: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** One image to describe. */
export interface FaceInput {
  image: FaceImage;
  /**
   * The caller knows the image is a square crop already aligned to the ArcFace template scaled by side/112
   * (DigiFace 112 crops, studio renders, Arc2Face-style outputs): detection is skipped.
   */
  aligned?: boolean;
}

/** Stable codes the UI maps to help texts. */
export type FaceStackErrorCode = 'face/too-small' | 'face/not-found' | 'face/invalid-image';

/** Why no description could be made. */
export interface FaceStackFailure {
  error: string;
  code: FaceStackErrorCode;
  /** For 'face/not-found': the best detector score (0..1), or FaceMesh's face score on aligned input. */
  bestScore?: number;
}

/** Everything the service derives from one face. */
export interface FaceDescription {
  /** Which route found the face: the caller's alignment, or BlazeFace detection. */
  route: 'aligned' | 'detected';
  /** The five ArcFace points (eyes, nose tip, mouth corners; insightface order) in pixels of the input image. */
  landmarks5: Landmarks5<SourcePx>;
  /** 112×112 RGBA crop on the ArcFace template; alpha 0 where the crop reaches past the input. */
  alignedCrop112: FaceImage;
  /** 224×224 RGBA crop on the template ×2 (`arcFaceTemplateForSize(224)`), the identity model's input. */
  alignedCrop224: FaceImage;
  /** HSE FaceRes descriptor, 1024 floats (compare with the service's `identitySimilarity`). */
  descriptor: Float32Array;
  quality: {
    /**
     * RMS distance, in 112-template pixels, between the template and the five points after the best similarity
     * fit: how un-face-like the landmark layout is. About 1–3 on good faces; large values flag failed landmarks.
     */
    templateFitRmse: number;
    /** Aligned route only: mean distance (112-template pixels) of the points from the template, no fit — how well the crop matches the template. */
    templateOffset?: number;
    /** FaceMesh face-presence probability, 0..1. */
    faceScore: number;
  };
  /** Detected route only: the face box in input pixels and its detector score. */
  detection?: { box: { xMin: number; yMin: number; xMax: number; yMax: number }; score: number; faces: number };
  /** Set when the result is usable but worth a second look (e.g. several faces, the largest used). */
  warning?: string;
}

export type FaceDescribeResult = FaceDescription | FaceStackFailure;

/** Narrows a result to a failure. */
export function isFaceStackFailure(r: FaceDescribeResult): r is FaceStackFailure {
  return 'error' in r;
}
