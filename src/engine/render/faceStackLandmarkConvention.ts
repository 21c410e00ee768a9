/**
 * Where the face stack (MediaPipe FaceMesh → 5 points, src/engine/facestack/landmarksTo5Points.ts) reports the
 * five ArcFace points on this renderer's faces, relative to the renderer's geometric features (pupil, end of
 * the nose ridge, ends of the lip line): it sees the nose tip lower and the mouth corners higher and a little
 * wider, and the whole face a little lower and to the left. The common shift only moves the crop; the shape
 * (offsets relative to the eyes) also moves the nose and mouth.
 *
 * Used twice, so that rendered crops are aligned the way the studio's detector sees faces: the landmarks are
 * the geometric features plus these offsets, and faceLayout places the nose and mouth these offsets away
 * from the template ratios, so the average face's landmarks still match the ArcFace template exactly. (Moving
 * the landmarks alone cannot help: a least-squares similarity cannot change the shape of the five points.)
 *
 * Measured: mean signed offset (FaceMesh − geometric, symmetrised) over renderer crops of a calibration set
 * (identity seed base 77, 30 identities × 3 variations), never the evaluation sets (seed 2026 in the tests
 * and the bench), in 112-template pixels.
 */

/** Head units per 112-template pixel: the average eye distance (0.62 head units, faceLayout) spans 35.2372 template pixels. */
export const HEAD_UNITS_PER_TEMPLATE_PX = 0.62 / (73.5318 - 38.2946);

/** Offsets in 112-template pixels (x toward the image's right, y down), ArcFace order. */
export const FACE_STACK_LANDMARK_OFFSET_PX: readonly (readonly [number, number])[] = [
  [-0.2, 0.35],
  [-0.2, 0.35],
  [-0.2, 4.25],
  [-0.31, -2.14],
  [-0.09, -2.14],
];

/** The offsets in head units (x right, y up), ArcFace order. */
export const FACE_STACK_LANDMARK_OFFSET: readonly (readonly [number, number])[] = FACE_STACK_LANDMARK_OFFSET_PX.map(
  ([x, y]) => [x * HEAD_UNITS_PER_TEMPLATE_PX, -y * HEAD_UNITS_PER_TEMPLATE_PX] as const,
);
