/**
 * insightface `face_align.norm_crop(img, landmark, image_size)`: estimate the ArcFace alignment and
 * warp the image with OpenCV's 8-bit bilinear `warpAffine` (zero border), bit-exactly.
 */
import type { AlignedPx, Affine2x3, Landmarks5, SourcePx } from './coordinateSpaces';
import { estimateArcFaceAlignment } from './estimateArcFaceAlignment';
import type { ImageU8 } from './imageRaster';
import { warpAffineBilinearU8 } from './warpAffineBilinearU8';

/** An aligned face crop and the transform that produced it. */
export interface AlignedFace {
  /** `[size, size, channels]` uint8, same channel order as the input (alpha → 0 outside the source). */
  readonly image: ImageU8;
  /** Source pixels → crop pixels; invert it to map crop points back onto the input image. */
  readonly matrix: Affine2x3<SourcePx, AlignedPx>;
}

/**
 * @param image decoded source image (RGB, BGR or RGBA; the warp is channel-agnostic)
 * @param landmarks five landmarks in source pixels (see `Landmarks5` for the order)
 * @param size crop side: 112 for ArcFace; other multiples of 112 or 128 follow insightface's
 *   scaling rule (`arcFaceTemplateForSize`), e.g. 512 for the diffusion pipeline
 */
export function alignToArcFaceTemplate(image: ImageU8, landmarks: Landmarks5<SourcePx>, size = 112): AlignedFace {
  const matrix = estimateArcFaceAlignment(landmarks, size);
  return { image: warpAffineBilinearU8(image, matrix, size, size), matrix };
}
