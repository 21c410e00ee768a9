/**
 * @file A tiny stand-in for the ArcFace recognition model of the `arc2face-tiny` test pack, built with
 * GraphBuilder: conv 4×4 stride 4 → ReLU → average pool 4×4 → flatten → linear to D = 16. The pooling
 * keeps a 7×7 layout (no global pool), so faces that differ in where things are — not only in mean
 * colour — get different embeddings, which is what the pipeline's identity tests need.
 */
import { GraphBuilder } from '../../onnx/graphBuilder';
import { seededUniform } from './arc2faceTinySeededUniform';

/** Embedding size of the tiny ArcFace (the real one has 512). */
export const ARC2FACE_TINY_ID_DIM = 16;

const CHANNELS = 8;
const POOLED = 7; // 112 / 4 (conv) / 4 (pool)

export interface TinyArcFaceOptions {
  /** Graph IO names; insightface exports use e.g. `input.1` / `683` (the importer renames them). */
  inputName?: string;
  outputName?: string;
  /** Weight seed. */
  seed?: number;
}

/** @returns ONNX bytes: float32 [1, 3, 112, 112] → float32 [1, 16] */
export function buildTinyArcFaceModel(options: TinyArcFaceOptions = {}): Uint8Array {
  const seed = options.seed ?? 7;
  const g = new GraphBuilder({ name: 'tiny_arcface', docString: 'random-weight ArcFace stand-in for tests (Digi2Real Studio)' });
  const x = g.input(options.inputName ?? 'input', 'float32', [1, 3, 112, 112]);
  const convW = g.initializer('conv.weight', { dtype: 'float32', dims: [CHANNELS, 3, 4, 4], data: seededUniform(CHANNELS * 3 * 16, seed, 1 / Math.sqrt(48)) });
  const convB = g.initializer('conv.bias', { dtype: 'float32', dims: [CHANNELS], data: seededUniform(CHANNELS, seed + 1, 0.1) });
  let h = g.node('Conv', [x, convW, convB], { kernel_shape: [4, 4], strides: [4, 4] });
  h = g.node('Relu', [h]);
  h = g.node('AveragePool', [h], { kernel_shape: [4, 4], strides: [4, 4] });
  h = g.node('Flatten', [h], { axis: 1 });
  const features = CHANNELS * POOLED * POOLED;
  const fcW = g.initializer('fc.weight', { dtype: 'float32', dims: [ARC2FACE_TINY_ID_DIM, features], data: seededUniform(ARC2FACE_TINY_ID_DIM * features, seed + 2, 1 / Math.sqrt(features)) });
  const fcB = g.initializer('fc.bias', { dtype: 'float32', dims: [ARC2FACE_TINY_ID_DIM], data: seededUniform(ARC2FACE_TINY_ID_DIM, seed + 3, 0.1) });
  const y = g.node('Gemm', [h, fcW, fcB], { transB: 1 }, { outputNames: [options.outputName ?? 'embedding'] });
  g.output(y, 'float32', [1, ARC2FACE_TINY_ID_DIM]);
  return g.build();
}
