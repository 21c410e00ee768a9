/**
 * insightface `face_align.estimate_norm(lmk, image_size)`: the similarity transform taking five
 * detected landmarks onto the ArcFace template for an `size`×`size` crop.
 */
import { arcFaceTemplateForSize } from './arcFaceTemplate';
import type { AlignedPx, Affine2x3, Landmarks5, SourcePx } from './coordinateSpaces';
import { estimateSimilarityTransform, type SimilarityArithmetic } from './estimateSimilarityTransform';

/**
 * @param landmarks five points in source pixels (insightface/SCRFD order, see `Landmarks5`)
 * @param size crop side in pixels: a multiple of 112 (template × size/112) or of 128
 *   (template × size/128, x + 8·size/128), as in insightface; 112 for ArcFace, 512 → ×4 + 32 px in x
 * @param arithmetic `'skimage-float32'` (default) reproduces insightface, which hands float32 landmarks to
 *   scikit-image; `'float64'` gives the exact least-squares fit
 * @returns row-major 2×3 `M` mapping source pixels → crop pixels (cv2 `warpAffine` layout)
 */
export function estimateArcFaceAlignment(
  landmarks: Landmarks5<SourcePx>,
  size = 112,
  arithmetic: SimilarityArithmetic = 'skimage-float32',
): Affine2x3<SourcePx, AlignedPx> {
  return estimateSimilarityTransform(landmarks, arcFaceTemplateForSize(size), arithmetic);
}
