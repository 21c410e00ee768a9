/**
 * @file GroupNorm (torch.nn.GroupNorm semantics) from standard ONNX ops:
 * Reshape [N, C, ...] → [N, G, -1] → InstanceNormalization (unit scale, zero bias) → Reshape back → ×γ + β.
 * InstanceNormalization is what ORT (CPU/WASM, WebGPU, WebNN) runs well; the native WebGPU kernel
 * accumulates in f32 (ORT PR #24514). Compute in float32: fp16 statistics overflow on SD activations.
 */
import { f } from '../attributes';
import type { GraphBuilder } from '../graphBuilder';

export interface GroupNormParams {
  groups: number;
  channels: number;
  eps: number;
  /** Initializer/value names of γ and β, shaped to broadcast over x (e.g. [C, 1, 1] for NCHW, [C, 1] for [N, C, L]). */
  weight: string;
  bias: string;
}

/** GroupNorm over x [N, C, ...] (float32); returns the normalised value name. Throws when C % groups ≠ 0. */
export function groupNorm(g: GraphBuilder, x: string, p: GroupNormParams): string {
  if (p.channels % p.groups !== 0) {
    throw new Error(`GroupNorm ${g.scopedName('')}: ${p.channels} channels are not divisible into ${p.groups} groups`);
  }
  const shape = g.node('Shape', [x]);
  const grouped = g.node('Reshape', [x, g.constI64('group_shape', [0, p.groups, -1])]);
  const ones = g.constF32('instnorm_scale', new Float32Array(p.groups).fill(1));
  const zeros = g.constF32('instnorm_bias', new Float32Array(p.groups));
  const normed = g.node('InstanceNormalization', [grouped, ones, zeros], { epsilon: f(p.eps) });
  const back = g.node('Reshape', [normed, shape]);
  return g.node('Add', [g.node('Mul', [back, p.weight]), p.bias]);
}
