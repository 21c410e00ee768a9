/**
 * @file diffusers `Attention` as built for the VAE mid block (`UNetMidBlock2D`, `_from_deprecated_attn_block`):
 * GroupNorm → tokens [B, H·W, C] → to_q/to_k/to_v (with bias) → attention (softmax upcast) → to_out.0
 * → back to NCHW → + input (residual_connection). SD's VAE has one head (attention_head_dim = C).
 */
import { inModule, paramKey, type GraphContext } from './graphContext';
import { linear } from './linear';
import { groupNormModule } from './normalization';
import { scaledDotProductAttention } from './scaledDotProductAttention';

/**
 * Checkpoints saved before diffusers 0.14 (among them SD1.5's own VAE file) name these projections
 * query/key/value/proj_attn; diffusers renames them at load (`_convert_deprecated_attention_blocks`).
 */
const DEPRECATED: Record<string, string> = { to_q: 'query', to_k: 'key', to_v: 'value', 'to_out.0': 'proj_attn' };

/** The module name the weights use: the modern one, or the deprecated one when only that exists. */
function moduleName(ctx: GraphContext, modern: string): string {
  const old = DEPRECATED[modern];
  const has = (m: string) => ctx.w.source.shape(paramKey(ctx, `${m}.weight`)) !== undefined;
  return !has(modern) && has(old) ? old : modern;
}

export interface SpatialSelfAttentionParams {
  channels: number;
  heads: number;
  groups: number;
  eps: number;
}

/** Module `name`: x [B, C, H, W] → [B, C, H, W]. */
export function spatialSelfAttention(ctx: GraphContext, name: string, x: string, p: SpatialSelfAttentionParams): string {
  return inModule(ctx, name, () => {
    const { g } = ctx;
    const c = p.channels;
    const normed = groupNormModule(ctx, 'group_norm', x, c, p.groups, p.eps);
    const tokens = g.node('Transpose', [g.node('Reshape', [normed, g.constI64('flatten_hw', [0, 0, -1])])], { perm: [0, 2, 1] });
    const proj = (modern: string, input: string) => linear(ctx, moduleName(ctx, modern), input, c, c);
    const [q, k, v] = [proj('to_q', tokens), proj('to_k', tokens), proj('to_v', tokens)];
    const o = proj('to_out.0', scaledDotProductAttention(ctx, q, k, v, { heads: p.heads, headDim: c / p.heads, upcast: true }));
    const nchw = g.node('Reshape', [g.node('Transpose', [o], { perm: [0, 2, 1] }), g.node('Shape', [x])]);
    return g.node('Add', [nchw, x]);
  });
}
