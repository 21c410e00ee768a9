/**
 * @file LayerNorm over the last axis as one ONNX `LayerNormalization` (opset 17), matching
 * `torch.nn.LayerNorm(normalized_shape=C, eps)`: (x − mean) / sqrt(var + eps) · weight + bias,
 * biased variance. The scale/bias initializers must stay float32 even in fp16-weight builds
 * (normalisation is the numerically fragile part — method.md §b.10), so callers keep them out of fp16.
 */
import { f } from '../attributes';
import type { GraphBuilder } from '../graphBuilder';

/** A parameter tensor as read from a checkpoint (row-major, float32). */
export interface LayerNormParams {
  /** `weight` (gamma), float32 [C]. */
  weight: Float32Array;
  /** `bias` (beta), float32 [C]. */
  bias: Float32Array;
}

/**
 * Adds `<name>.weight` / `<name>.bias` initializers (exact names, e.g. the checkpoint key prefix)
 * and a LayerNormalization node.
 * @param x float32 [..., C]
 * @returns the float32 [..., C] output value name
 */
export function layerNorm(g: GraphBuilder, x: string, name: string, params: LayerNormParams, eps: number): string {
  const c = params.weight.length;
  if (params.bias.length !== c) throw new Error(`layerNorm ${name}: weight has ${c} elements, bias ${params.bias.length}`);
  const scale = g.initializer(`${name}.weight`, { dtype: 'float32', dims: [c], data: params.weight });
  const bias = g.initializer(`${name}.bias`, { dtype: 'float32', dims: [c], data: params.bias });
  return g.node('LayerNormalization', [x, scale, bias], { axis: -1, epsilon: f(eps) }, { name });
}
