/**
 * @file FaceMesh input: a square face box of the source image warped to 192×192 (exact bilinear, zero
 * border) and scaled to [0, 1] (`x/255`, Human `facemeshutil.ts`), plus the transform that maps the mesh
 * back. Human crops the detector box ×1.4 (`config.face.detector.scale`); face-tooling.md used ×1.5.
 */
import { affine2x3, type Affine2x3 } from '../face/coordinateSpaces';
import type { ImageF32, ImageU8 } from '../face/imageRaster';
import { invertAffineTransform } from '../face/invertAffineTransform';
import { warpAffineBilinear } from '../face/warpAffineBilinear';
import { FACEMESH } from './faceStackModels';
import { imageToNhwc } from './imageToNhwc';

/** Pixels of the 192×192 FaceMesh crop. */
export type MeshCropPx = 'MeshCropPx';

/** A square region of the source image: centre and side, in source pixels. */
export interface SquareBox {
  cx: number;
  cy: number;
  size: number;
}

export interface FaceMeshInput<S extends string> {
  /** `[1, 192, 192, 3]` float32 NHWC RGB in [0, 1]. */
  tensor: Float32Array;
  /** Source pixels → crop pixels. */
  toCrop: Affine2x3<S, MeshCropPx>;
}

/** The 192-crop transform for a square box (box edges map to crop edges). */
export function faceMeshCropTransform<S extends string>(box: SquareBox): Affine2x3<S, MeshCropPx> {
  const n = FACEMESH.inputSize;
  const s = n / box.size;
  // Box centre → crop centre (n−1)/2 in the pixel-centre convention.
  return affine2x3<S, MeshCropPx>([s, 0, (n - 1) / 2 - s * box.cx, 0, s, (n - 1) / 2 - s * box.cy]);
}

/** @param image RGB or RGBA source; `box` the square face region (e.g. the detector box ×1.5, squared) */
export function faceMeshInput<S extends string>(image: ImageU8 | ImageF32, box: SquareBox): FaceMeshInput<S> {
  const toCrop = faceMeshCropTransform<S>(box);
  const crop = warpAffineBilinear(image, toCrop, FACEMESH.inputSize, FACEMESH.inputSize);
  return { tensor: imageToNhwc(crop, { order: 'rgb', mean: [0, 0, 0], scale: [1 / 255, 1 / 255, 1 / 255] }), toCrop };
}

/** Maps the model's flat `[468 × 3]` crop-pixel mesh to flat source-pixel (x, y, z); z is scaled like x. */
export function meshToSource<S extends string>(mesh: ArrayLike<number>, toCrop: Affine2x3<S, MeshCropPx>): Float32Array {
  const back = invertAffineTransform(toCrop);
  const scale = Math.hypot(back[0], back[3]);
  const out = new Float32Array(mesh.length);
  for (let i = 0; i + 2 < mesh.length; i += 3) {
    const x = mesh[i];
    const y = mesh[i + 1];
    out[i] = back[0] * x + back[1] * y + back[2];
    out[i + 1] = back[3] * x + back[4] * y + back[5];
    out[i + 2] = mesh[i + 2] * scale;
  }
  return out;
}

/**
 * The FaceMesh box for a face already aligned to the ArcFace template in a size×size crop (e.g. DigiFace
 * 112 crops): centre (55.5, 64) and side 140 at 112, scaled by size/112. Chosen on renderer crops
 * (src/engine/render) over a small grid of centres and sides: mean 5-point error about 2 px at 112, against
 * 3–4 px for the plain 112 crop, whose mouth corners FaceMesh then places too low.
 */
export function alignedCropFaceBox(size: number): SquareBox {
  const s = size / 112;
  return { cx: 55.5 * s, cy: 64 * s, size: 140 * s };
}

/** A square FaceMesh box around a detector box: centre kept, side = max(w, h) · `scale` (default 1.5). */
export function squareBoxAround(box: { xMin: number; yMin: number; xMax: number; yMax: number }, scale = 1.5): SquareBox {
  return { cx: (box.xMin + box.xMax) / 2, cy: (box.yMin + box.yMax) / 2, size: Math.max(box.xMax - box.xMin, box.yMax - box.yMin) * scale };
}
