/**
 * @file `CLIPAttention.forward` (transformers models/clip/modeling_clip.py, v4.36) as plain ONNX ops:
 * q = q_proj(x)·d⁻½, k, v projections, per-head scores q·kᵀ + causal mask, softmax, ·v, out_proj.
 * Plain MatMul/Softmax rather than a contrib attention op so the same graph runs on every ORT backend.
 */
import type { GraphBuilder } from '../graphBuilder';
import { linearLayer, type LinearLayerOptions } from '../layers/linearLayer';
import type { ClipTextConfig } from './clipTextConfig';
import type { ClipTextWeights } from './clipTextWeights';

/** Linear parameters `<rel>.weight` [out, in] and `<rel>.bias` [out] from the checkpoint. */
export function clipLinearParams(w: ClipTextWeights, rel: string, out: number, inp: number) {
  return { weight: w.get(`${rel}.weight`, [out, inp]).data, weightShape: [out, inp], bias: w.get(`${rel}.bias`, [out]).data };
}

/**
 * @param x float32 [B, S, H] (already layer_norm1-ed)
 * @param rel key prefix relative to the text model, e.g. `encoder.layers.0.self_attn`
 * @param mask value name of the additive float32 [S, S] causal mask
 * @returns float32 [B, S, H]
 */
export function clipAttention(
  g: GraphBuilder, x: string, w: ClipTextWeights, rel: string, config: ClipTextConfig, mask: string, linearOpts: LinearLayerOptions,
): string {
  const hidden = config.hidden_size;
  const heads = config.num_attention_heads;
  const headDim = hidden / heads;
  const name = w.key(rel);
  const proj = (p: string): string => linearLayer(g, x, `${name}.${p}`, clipLinearParams(w, `${rel}.${p}`, hidden, hidden), linearOpts);
  const node = (op: string, inputs: string[], leaf: string, attrs = {}): string => g.node(op, inputs, attrs, { name: `${name}.${leaf}` });

  // transformers scales q after the projection (bias included): `self.q_proj(hidden_states) * self.scale`.
  const q = node('Mul', [proj('q_proj'), g.scalarF32(`${name}.scale`, headDim ** -0.5)], 'q_scaled');
  // Reshape with 0 copies B and S from the input, so the batch stays dynamic.
  const headShape = g.constI64(`${name}.head_shape`, [0, 0, heads, headDim]);
  const split = (t: string, leaf: string, perm: number[]): string =>
    node('Transpose', [node('Reshape', [t, headShape], `${leaf}_reshape`)], `${leaf}_transpose`, { perm });
  const qh = split(q, 'q', [0, 2, 1, 3]); // [B, heads, S, d]
  const kt = split(proj('k_proj'), 'k', [0, 2, 3, 1]); // [B, heads, d, S]
  const vh = split(proj('v_proj'), 'v', [0, 2, 1, 3]); // [B, heads, S, d]

  const scores = node('Add', [node('MatMul', [qh, kt], 'scores'), mask], 'masked_scores'); // [B, heads, S, S]
  const probs = node('Softmax', [scores], 'softmax', { axis: -1 });
  const ctx = node('Transpose', [node('MatMul', [probs, vh], 'context')], 'context_transpose', { perm: [0, 2, 1, 3] });
  const merged = node('Reshape', [ctx, g.constI64(`${name}.merged_shape`, [0, 0, hidden])], 'context_reshape');
  return linearLayer(g, merged, `${name}.out_proj`, clipLinearParams(w, `${rel}.out_proj`, hidden, hidden), linearOpts);
}
