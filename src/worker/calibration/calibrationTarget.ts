/**
 * @file What a calibration must match to belong to a loaded Arc2Face pack: its id, the sha256 of the two
 * components the samples come from (ArcFace and the text encoder), and Δ's shape in each space.
 */
import { realismOffsetShape } from '../../engine/calibration/computeRealismOffset';
import type { CalibrationTarget } from '../../engine/calibration/calibrationFitsPack';
import { calibrationComponentsDigest } from '../../engine/calibration/realismCalibrationFile';
import { CLIP_MAX_LENGTH } from '../../engine/conditioning/arc2facePromptIds';
import type { PackManifest } from '../../packs/manifest';

/** The components whose weights decide Δ (the UNet and VAE only consume it). */
export const CALIBRATION_COMPONENTS = ['arcface', 'textEncoder'] as const;

/** @throws when the pack is not an Arc2Face-type pack with those components and its uncond constant */
export function calibrationTarget(manifest: PackManifest): CalibrationTarget {
  const components: Record<string, string> = {};
  for (const c of CALIBRATION_COMPONENTS) {
    const spec = manifest.components[c];
    if (!spec) throw new Error(`Pack "${manifest.id}" has no "${c}" component, so it cannot be calibrated (realism calibration needs an Arc2Face-type pack)`);
    components[c] = spec.sha256;
  }
  const uncond = manifest.constants?.uncondEmbedding;
  if (!uncond) throw new Error(`Pack "${manifest.id}" lacks the uncondEmbedding constant an Arc2Face pack needs`);
  const width = uncond.shape.reduce((a, b) => a * b, 1) / CLIP_MAX_LENGTH;
  const arcOut = manifest.components.arcface.outputs[0]?.shape.at(-1);
  const pre = (manifest.preprocessing ?? {}) as { idDim?: number };
  // The importer writes idDim; an ONNX output with a fixed last size says the same; 512 is ArcFace's size.
  const idDim = typeof arcOut === 'number' ? arcOut : pre.idDim ?? 512;
  return {
    pack: { id: manifest.id, version: manifest.version, components, componentsDigest: calibrationComponentsDigest(components) },
    shapes: { 'encoder-output': realismOffsetShape('encoder-output', idDim, width), 'id-vector': realismOffsetShape('id-vector', idDim, width) },
  };
}
