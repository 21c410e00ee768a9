/**
 * @file FaceMesh-468 → the five ArcFace alignment points (face-tooling.md §4, SEEN producing good ArcFace
 * crops). Mesh indices from tfjs-models `MESH_ANNOTATIONS`: eye corners 33/133 (image-left eye, outer and
 * inner) and 362/263 (image-right eye, inner and outer), nose tip 1, mouth corners 61 and 291.
 */
import { landmarks5, type Landmarks5 } from '../face/coordinateSpaces';

/** Mesh indices averaged for each of the 5 points, in insightface order. */
export const FACEMESH_FIVE_POINT_INDICES: readonly (readonly number[])[] = [
  [33, 133], // eye on the image's left (subject's right): mean of its outer and inner corner
  [362, 263], // eye on the image's right
  [1], // nose tip
  [61], // mouth corner, image left
  [291], // mouth corner, image right
];

/**
 * @param mesh FaceMesh output, flat `[468 × stride]` (x, y[, z]) in any pixel space
 * @param stride values per point: 3 for the model's (x, y, z) output, 2 for (x, y)
 * @returns the five points in the same pixel space as `mesh`
 */
export function landmarksTo5Points<S extends string>(mesh: ArrayLike<number>, stride: 2 | 3 = 3): Landmarks5<S> {
  if (mesh.length < 468 * stride) throw new Error(`landmarksTo5Points: expected 468 points × ${stride} values, got ${mesh.length} values`);
  const flat: number[] = [];
  for (const idx of FACEMESH_FIVE_POINT_INDICES) {
    let x = 0;
    let y = 0;
    for (const i of idx) {
      x += mesh[i * stride];
      y += mesh[i * stride + 1];
    }
    flat.push(x / idx.length, y / idx.length);
  }
  return landmarks5<S>(flat);
}
