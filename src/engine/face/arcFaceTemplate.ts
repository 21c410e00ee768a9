/**
 * The ArcFace 5-point crop template and its size-scaled variants.
 * Matches insightface `python-package/insightface/utils/face_align.py` (`arcface_dst`, `estimate_norm`);
 * the same numbers are in OpenCV `modules/objdetect/src/face_recognize.cpp`
 * (`FaceRecognizerSFImpl::getSimilarityTransformMatrix`).
 */
import { type AlignedPx, type Landmarks5, landmarks5 } from './coordinateSpaces';

/**
 * Landmark positions in the 112×112 ArcFace crop (insightface `arcface_dst`, order: eye image-left,
 * eye image-right, nose tip, mouth corner image-left, mouth corner image-right). insightface stores
 * them as float32; we round the decimal literals the same way so the estimated transform sees the
 * identical inputs.
 */
export const ARCFACE_TEMPLATE_112: Landmarks5<AlignedPx> = landmarks5<AlignedPx>(
  [
    [38.2946, 51.6963],
    [73.5318, 51.5014],
    [56.0252, 71.7366],
    [41.5493, 92.3655],
    [70.7299, 92.2041],
  ].map(([x, y]) => [Math.fround(x), Math.fround(y)]),
);

/**
 * The template for an `size`×`size` crop, as insightface's newer `estimate_norm` builds it:
 * sizes divisible by 112 scale by `size/112`; otherwise sizes divisible by 128 scale by `size/128`
 * and shift x by `8·size/128` (the 128-px convention of e.g. inswapper). So 224 → ×2, but
 * 512 → ×4 plus 32 px in x — not a plain ×512/112 resize.
 * insightface multiplies its float32 array by a Python float, so the result is float32 again.
 * @throws if `size` is divisible by neither 112 nor 128 (insightface asserts the same).
 */
export function arcFaceTemplateForSize(size: number): Landmarks5<AlignedPx> {
  if (!Number.isInteger(size) || size <= 0 || (size % 112 !== 0 && size % 128 !== 0)) {
    throw new Error(`arcFaceTemplateForSize: size must be a positive multiple of 112 or 128, got ${size}`);
  }
  const by112 = size % 112 === 0;
  const ratio = by112 ? size / 112 : size / 128;
  const diffX = by112 ? 0 : 8 * ratio;
  return landmarks5<AlignedPx>(
    ARCFACE_TEMPLATE_112.map(([x, y]) => [Math.fround(Math.fround(x * ratio) + diffX), Math.fround(y * ratio)]),
  );
}
