/**
 * @file `CLIPEncoderLayer.forward` (transformers v4.36), pre-norm residual block:
 * h = x + attn(layer_norm1(x)); out = h + fc2(act(fc1(layer_norm2(h)))).
 */
import type { GraphBuilder } from '../graphBuilder';
import { layerNorm } from '../layers/layerNorm';
import type { LinearLayerOptions } from '../layers/linearLayer';
import { linearLayer } from '../layers/linearLayer';
import { clipActivation } from './clipActivation';
import { clipAttention, clipLinearParams } from './clipAttention';
import type { ClipTextConfig } from './clipTextConfig';
import type { ClipTextWeights } from './clipTextWeights';

/**
 * @param x float32 [B, S, H]
 * @param index layer N (`encoder.layers.N`)
 * @param mask additive causal mask value, float32 [S, S]
 * @returns float32 [B, S, H] — what transformers' hook on `encoder.layers.N` records
 */
export function clipEncoderLayer(
  g: GraphBuilder, x: string, w: ClipTextWeights, index: number, config: ClipTextConfig, mask: string, linearOpts: LinearLayerOptions,
): string {
  const rel = `encoder.layers.${index}`;
  const name = w.key(rel);
  const h = config.hidden_size;
  const ln = (which: string, input: string): string =>
    layerNorm(g, input, `${name}.${which}`, { weight: w.get(`${rel}.${which}.weight`, [h]).data, bias: w.get(`${rel}.${which}.bias`, [h]).data }, config.layer_norm_eps);

  const attn = clipAttention(g, ln('layer_norm1', x), w, `${rel}.self_attn`, config, mask, linearOpts);
  const afterAttn = g.node('Add', [x, attn], {}, { name: `${name}.attn_residual` });

  const i = config.intermediate_size;
  const fc1 = linearLayer(g, ln('layer_norm2', afterAttn), `${name}.mlp.fc1`, clipLinearParams(w, `${rel}.mlp.fc1`, i, h), linearOpts);
  const act = clipActivation(g, fc1, config.hidden_act, `${name}.mlp.act`);
  const fc2 = linearLayer(g, act, `${name}.mlp.fc2`, clipLinearParams(w, `${rel}.mlp.fc2`, h, i), linearOpts);
  return g.node('Add', [afterAttn, fc2], {}, { name: `${name}.mlp_residual` });
}
