/**
 * @file ArcFace identity vector of one aligned 112×112 crop (method.md §b.2): crop → NCHW float32 input
 * → 'arcface' component → [1, D] → L2-normalised (insightface's `normed_embedding`, Arc2Face README).
 */
import { l2Normalize } from '../conditioning/l2Normalize';
import { arcFaceInputTensor } from '../face/arcFaceInputTensor';
import { assertRaster, type ImageU8 } from '../face/imageRaster';
import { COMPONENT_IO, ModelOutputError, pickOutput, type ModelRunner } from './modelRunner';

/** ArcFace crop size (insightface `norm_crop` default, the recognition model's input). */
export const ARCFACE_CROP_SIZE = 112;

export interface ArcFacePreprocessing {
  /** Order of the crop's first three channels; browser images are RGB, OpenCV crops BGR. Default 'rgb'. */
  readonly channelOrder?: 'rgb' | 'bgr';
  /**
   * 'centered' (default): `(p − 127.5) / 127.5`, what insightface feeds a graph without its own
   * normalisation (Arc2Face's arcface.onnx). 'none': raw 0..255 floats — insightface's mean 0 / std 1
   * case, for graphs that start with Sub/Mul nodes.
   */
  readonly normalization?: 'centered' | 'none';
}

/**
 * @param crop aligned face, 112×112, 3 or 4 channels (alpha ignored) — e.g. alignToArcFaceTemplate's output
 * @returns unit float32 vector [D] (D = 512 for ArcFace)
 * @throws if the crop is not 112×112, or the output is empty / zero / non-finite
 */
export async function identityEmbedding(runner: ModelRunner, crop: ImageU8, preprocessing: ArcFacePreprocessing = {}): Promise<Float32Array> {
  assertRaster(crop, 'identityEmbedding');
  if (crop.width !== ARCFACE_CROP_SIZE || crop.height !== ARCFACE_CROP_SIZE) {
    throw new RangeError(`identityEmbedding: the crop must be ${ARCFACE_CROP_SIZE}×${ARCFACE_CROP_SIZE} (aligned to the ArcFace template), got ${crop.width}×${crop.height}`);
  }
  const order = preprocessing.channelOrder ?? 'rgb';
  let data: Float32Array;
  if ((preprocessing.normalization ?? 'centered') === 'centered') {
    data = arcFaceInputTensor(crop, order);
  } else {
    // Same NCHW layout, undoing arcFaceInputTensor's exact affine map p ↦ (p − 127.5)/127.5 would lose bits; build directly.
    const plane = crop.width * crop.height;
    data = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) data[c * plane + i] = crop.data[i * crop.channels + (order === 'bgr' ? 2 - c : c)];
    }
  }
  const io = COMPONENT_IO.arcface;
  const out = pickOutput(await runner.run('arcface', { [io.input]: { dims: [1, 3, crop.height, crop.width], data } }), io.output, 'arcface');
  if (out.data.length === 0) throw new ModelOutputError('arcface: empty embedding');
  try {
    return l2Normalize(out.data);
  } catch (e) {
    throw new ModelOutputError(`arcface: ${(e as Error).message}`);
  }
}
