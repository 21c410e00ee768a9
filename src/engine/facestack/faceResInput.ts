/**
 * @file HSE FaceRes input from a 224×224 ArcFace-aligned crop (template ×2, `arcFaceTemplateForSize(224)`):
 * BGR minus the VGG/Caffe channel means, as HSE's `age_gender_identity/facial_analysis.py` preprocesses
 * (Keras `preprocess_input` "caffe" mode), NHWC. Human 3.3.6 instead feeds RGB 0..255; face-tooling.md §5
 * measured BGR − mean as better (LFW-100 AUC 0.992 vs 0.988).
 */
import type { ImageF32, ImageU8 } from '../face/imageRaster';
import { FACERES } from './faceStackModels';
import { imageToNhwc } from './imageToNhwc';

/** VGG means in BGR order (Keras `imagenet_utils.preprocess_input`, mode "caffe"). */
export const VGG_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/**
 * @param alignedCrop224 RGB or RGBA 224×224 crop, 0..255
 * @returns `[1, 224, 224, 3]` float32 NHWC, channels B, G, R minus {@link VGG_MEAN_BGR}
 */
export function faceResInput(alignedCrop224: ImageU8 | ImageF32): Float32Array {
  const { width, height } = alignedCrop224;
  if (width !== FACERES.inputSize || height !== FACERES.inputSize) {
    throw new Error(`faceResInput: expected a ${FACERES.inputSize}×${FACERES.inputSize} aligned crop (ArcFace template ×2), got ${width}×${height}`);
  }
  return imageToNhwc(alignedCrop224, { order: 'bgr', mean: VGG_MEAN_BGR, scale: [1, 1, 1] });
}
