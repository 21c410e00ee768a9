/**
 * Pinhole camera for the face renderer: head pose (yaw, pitch, roll about a pivot near the head centre),
 * camera on the +z axis looking at the pivot, and projection to output pixels (pixel centres at integers,
 * y down — the OpenCV convention used by the alignment code).
 */
import { dCos, dSin, degToRad } from './deterministicMath';
import type { VariationParams } from './variationParams';

/** Head point the camera looks at; rotations turn the head about it. */
export const HEAD_PIVOT: readonly [number, number, number] = [0, -0.1, 0];

/**
 * Focal length in pixels per unit of min(width, height). Chosen so that at the reference distance 6.5 the
 * average inter-eye distance (0.62) spans 24 % of the image, leaving the whole head and some background.
 */
export const FOCAL_PER_PIXEL = (0.24 * 6.5) / 0.62;

export interface FaceCamera {
  /** Row-major 3×3 rotation, head axes → camera axes. */
  rotation: Float64Array;
  distance: number;
  focal: number;
  cx: number;
  cy: number;
}

export function createFaceCamera(variation: VariationParams, width: number, height: number): FaceCamera {
  const y = degToRad(variation.yaw), p = degToRad(variation.pitch), r = degToRad(variation.roll);
  const cy = dCos(y), sy = dSin(y), cp = dCos(p), sp = dSin(p), cr = dCos(r), sr = dSin(r);
  // Ry(yaw) turns +z toward +x, Rx(pitch) turns +z toward +y, Rz(roll) turns +x toward +y; R = Rz·Rx·Ry.
  const ry = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
  const rx = [1, 0, 0, 0, cp, sp, 0, -sp, cp];
  const rz = [cr, -sr, 0, sr, cr, 0, 0, 0, 1];
  const rotation = new Float64Array(mul3(rz, mul3(rx, ry)));
  return {
    rotation,
    distance: variation.cameraDistance,
    focal: FOCAL_PER_PIXEL * Math.min(width, height),
    cx: (width - 1) / 2,
    cy: (height - 1) / 2,
  };
}

function mul3(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = new Array<number>(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) out[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
  }
  return out;
}

/** Head-space point → camera space (camera at the origin looking down −z; depth = −z). */
export function headToCamera(cam: FaceCamera, x: number, y: number, z: number, out: number[] | Float64Array, o = 0): void {
  const R = cam.rotation;
  const px = x - HEAD_PIVOT[0], py = y - HEAD_PIVOT[1], pz = z - HEAD_PIVOT[2];
  out[o] = R[0] * px + R[1] * py + R[2] * pz;
  out[o + 1] = R[3] * px + R[4] * py + R[5] * pz;
  out[o + 2] = R[6] * px + R[7] * py + R[8] * pz - cam.distance;
}

/** Head-space direction (normal) → camera space. */
export function rotateToCamera(cam: FaceCamera, x: number, y: number, z: number, out: number[] | Float64Array, o = 0): void {
  const R = cam.rotation;
  out[o] = R[0] * x + R[1] * y + R[2] * z;
  out[o + 1] = R[3] * x + R[4] * y + R[5] * z;
  out[o + 2] = R[6] * x + R[7] * y + R[8] * z;
}

/** Camera-space point → output pixel coordinates [x, y] (y down). */
export function projectCameraPoint(cam: FaceCamera, cx: number, cy: number, cz: number): [number, number] {
  const depth = -cz;
  return [cam.cx + (cam.focal * cx) / depth, cam.cy - (cam.focal * cy) / depth];
}
