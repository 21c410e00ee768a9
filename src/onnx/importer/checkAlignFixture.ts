/**
 * @file Parity of the engine's ArcFace alignment (src/engine/face) against a fixture file in the layout
 * of fixtures/align/align.safetensors (insightface estimate_norm / norm_crop), with the tolerances of
 * fixtures/README.md. Bytes in, rows out: no Node APIs, for `npm run parity` and tests.
 */
import { affine2x3, landmarks5, type SourcePx } from '../../engine/face/coordinateSpaces';
import { alignToArcFaceTemplate } from '../../engine/face/alignToArcFaceTemplate';
import { arcFaceInputTensor } from '../../engine/face/arcFaceInputTensor';
import { estimateArcFaceAlignment } from '../../engine/face/estimateArcFaceAlignment';
import type { ImageU8 } from '../../engine/face/imageRaster';
import { warpAffineBilinear } from '../../engine/face/warpAffineBilinear';
import { readSafetensors, toFloat32, type SafetensorsFile } from '../../io/safetensors';

/** One compared quantity. */
export interface AlignParityRow {
  check: string;
  maxAbs: number;
  meanAbs: number;
  /** Max-abs tolerance (and, for the cv2-vs-float comparison, a mean tolerance). */
  tolerance: number;
  meanTolerance?: number;
  pass: boolean;
}

/** Runs every check the file supports; never throws on a mismatch (a missing tensor does throw). */
export function checkAlignFixture(bytes: Uint8Array): AlignParityRow[] {
  const file = readSafetensors(bytes);
  const img = get(file, 'image');
  if (img.shape.length !== 3) throw new Error(`align fixture: image must be [H, W, 3], is [${img.shape.join(', ')}]`);
  const image: ImageU8 = { data: img.data as Uint8Array, height: img.shape[0], width: img.shape[1], channels: 3 };
  const rows: AlignParityRow[] = [];
  const add = (check: string, a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number, meanTolerance?: number) => {
    const { max, mean } = errors(a, b);
    rows.push({ check, maxAbs: max, meanAbs: mean, tolerance, meanTolerance, pass: max <= tolerance && (meanTolerance === undefined || mean <= meanTolerance) });
  };
  const cases = [...file.tensors.keys()].filter((k) => /^lmk_\d+$/.test(k)).map((k) => k.slice(4)).sort((a, b) => Number(a) - Number(b));
  for (const i of cases) {
    const lmk = landmarks5<SourcePx>(f32(file, `lmk_${i}`));
    // The matrix stays float64: rounding it to float32 moves samples by up to ~1e-3 of a pixel value.
    const mt = get(file, `M_${i}`);
    const ref = mt.dtype === 'F64' ? (mt.data as Float64Array) : toFloat32(mt.dtype, mt.data);
    const m = estimateArcFaceAlignment(lmk, 112);
    add(`M_${i} linear`, [m[0], m[1], m[3], m[4]], [ref[0], ref[1], ref[3], ref[4]], 1e-5);
    add(`M_${i} translation`, [m[2], m[5]], [ref[2], ref[5]], 1e-4);
    const crop = alignToArcFaceTemplate(image, lmk, 112).image;
    const cv = get(file, `warped_cv2_${i}`).data as Uint8Array;
    // Reproduces OpenCV's fixed-point warp, so exact; the README allows 5 / 0.3 for float warps.
    add(`warped_cv2_${i} (uint8 norm_crop)`, crop.data, cv, 0);
    if (file.tensors.has(`warped_exact_bilinear_${i}`)) {
      const fw = warpAffineBilinear(image, affine2x3(ref), 112, 112);
      add(`warped_exact_bilinear_${i} (float warp)`, fw.data, f32(file, `warped_exact_bilinear_${i}`), 1e-3);
      add(`warped_cv2_${i} vs float warp`, fw.data, cv, 5, 0.3);
    }
  }
  if (file.tensors.has('arcface_blob_2') && file.tensors.has('warped_cv2_2')) {
    const crop: ImageU8 = { data: get(file, 'warped_cv2_2').data as Uint8Array, width: 112, height: 112, channels: 3 };
    add('arcface_blob_2 (BGR→RGB, (p−127.5)/127.5)', arcFaceInputTensor(crop, 'bgr'), f32(file, 'arcface_blob_2'), 1e-6);
  }
  return rows;
}

/** One line per row. */
export function formatAlignParity(rows: readonly AlignParityRow[]): string {
  return rows.map((r) => `${r.pass ? 'ok  ' : 'FAIL'} ${r.check}: max abs ${r.maxAbs.toExponential(2)}, mean abs ${r.meanAbs.toExponential(2)} (tol ${r.tolerance}${r.meanTolerance !== undefined ? `, mean ${r.meanTolerance}` : ''})`).join('\n');
}

function get(file: SafetensorsFile, name: string) {
  const t = file.tensors.get(name);
  if (!t) throw new Error(`align fixture has no tensor "${name}"`);
  return t;
}

function f32(file: SafetensorsFile, name: string): Float32Array {
  const t = get(file, name);
  return toFloat32(t.dtype, t.data);
}

function errors(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  if (a.length !== b.length) return { max: Infinity, mean: Infinity };
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
    sum += d;
  }
  return { max, mean: sum / Math.max(1, a.length) };
}
