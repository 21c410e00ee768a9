/**
 * @file diffusers `Attention` as built for the VAE mid block (`UNetMidBlock2D`, `_from_deprecated_attn_block`):
 * GroupNorm → tokens [B, H·W, C] → to_q/to_k/to_v (with bias) → attention (softmax upcast) → to_out.0
 * → back to NCHW → + input (residual_connection). SD's VAE has one head (attention_head_dim = C).
 */
import { inModule, type GraphContext } from './graphContext';
import { linear } from './linear';
import { groupNormModule } from './normalization';
import { scaledDotProductAttention } from './scaledDotProductAttention';

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
    const q = linear(ctx, 'to_q', tokens, c, c);
    const k = linear(ctx, 'to_k', tokens, c, c);
    const v = linear(ctx, 'to_v', tokens, c, c);
    const o = linear(ctx, 'to_out.0', scaledDotProductAttention(ctx, q, k, v, { heads: p.heads, headDim: c / p.heads, upcast: true }), c, c);
    const nchw = g.node('Reshape', [g.node('Transpose', [o], { perm: [0, 2, 1] }), g.node('Shape', [x])]);
    return g.node('Add', [nchw, x]);
  });
}
