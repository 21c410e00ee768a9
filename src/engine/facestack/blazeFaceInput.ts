/**
 * @file BlazeFace input: letterbox the image into a centred square (zero border), resize to 256×256 with the
 * exact bilinear warp, and scale to [−1, 1] (`x/127.5 − 1`, Human `blazeface.ts`). Returns the affine so
 * detections can be mapped back to source pixels.
 */
import { affine2x3, type Affine2x3, type SourcePx } from '../face/coordinateSpaces';
import type { ImageF32, ImageU8 } from '../face/imageRaster';
import { warpAffineBilinear } from '../face/warpAffineBilinear';
import { BLAZEFACE } from './faceStackModels';
import { imageToNhwc } from './imageToNhwc';

/** Pixels of the detector's 256×256 input. */
export type DetectorPx = 'DetectorPx';

export interface BlazeFaceInput {
  /** `[1, 256, 256, 3]` float32 NHWC RGB in [−1, 1]. */
  tensor: Float32Array;
  /** Source pixels → detector input pixels. */
  toInput: Affine2x3<SourcePx, DetectorPx>;
}

/** @param image RGB or RGBA source image, any size */
export function blazeFaceInput(image: ImageU8 | ImageF32): BlazeFaceInput {
  const size = BLAZEFACE.inputSize;
  const side = Math.max(image.width, image.height);
  const s = size / side;
  // Centre the image in the square; pixel centres map as x' = s·(x + 0.5) − 0.5 plus the letterbox offset.
  const ox = ((side - image.width) / 2) * s + 0.5 * s - 0.5;
  const oy = ((side - image.height) / 2) * s + 0.5 * s - 0.5;
  const toInput = affine2x3<SourcePx, DetectorPx>([s, 0, ox, 0, s, oy]);
  const warped = warpAffineBilinear(image, toInput, size, size);
  return { tensor: imageToNhwc(warped, { order: 'rgb', mean: [127.5, 127.5, 127.5], scale: [1 / 127.5, 1 / 127.5, 1 / 127.5] }), toInput };
}
