/**
 * @file diffusers `Transformer2DModel` (continuous input, norm_type 'layer_norm'; v0.29.2
 * `transformers/transformer_2d.py`) with its `BasicTransformerBlock`s (`attention.py`):
 * GroupNorm(eps 1e-6) → proj_in (1×1 conv, or Linear with use_linear_projection) → to tokens
 * [B, H·W, C] → blocks (LayerNorm → self-attn, LayerNorm → cross-attn, LayerNorm → GEGLU FF, each
 * residual) → back to NCHW → proj_out → + input.
 */
import { geluErf } from '../layers/geluErf';
import { actConst, inModule, type GraphContext } from './graphContext';
import { attention } from './attention';
import { conv2d } from './conv2d';
import { linear } from './linear';
import { groupNormModule, layerNormModule } from './normalization';

export interface Transformer2DParams {
  channels: number;
  heads: number;
  headDim: number;
  layers: number;
  crossAttentionDim: number;
  groups: number;
  useLinearProjection: boolean;
  upcastAttention: boolean;
}

/** Module `name`: x [B, C, H, W], context [B, L, crossAttentionDim] → [B, C, H, W]. */
export function transformer2D(ctx: GraphContext, name: string, x: string, context: string, p: Transformer2DParams): string {
  return inModule(ctx, name, () => {
    const { g } = ctx;
    const inner = p.heads * p.headDim;
    const normed = groupNormModule(ctx, 'norm', x, p.channels, p.groups, 1e-6);
    const toTokens = (v: string) => g.node('Transpose', [g.node('Reshape', [v, g.constI64('flatten_hw', [0, 0, -1])])], { perm: [0, 2, 1] });
    let h = p.useLinearProjection
      ? linear(ctx, 'proj_in', toTokens(normed), p.channels, inner)
      : toTokens(conv2d(ctx, 'proj_in', normed, { inChannels: p.channels, outChannels: inner, kernel: 1 }));
    for (let i = 0; i < p.layers; i++) h = inModule(ctx, `transformer_blocks.${i}`, () => basicTransformerBlock(ctx, h, context, inner, p));
    // Tokens back to NCHW with the input's own shape (free and fixed H, W alike). inner == channels
    // here: diffusers builds these blocks with head_dim = channels / heads.
    const toNchw = (v: string) => g.node('Reshape', [g.node('Transpose', [v], { perm: [0, 2, 1] }), g.node('Shape', [x])]);
    const out = p.useLinearProjection
      ? toNchw(linear(ctx, 'proj_out', h, inner, p.channels))
      : conv2d(ctx, 'proj_out', toNchw(h), { inChannels: inner, outChannels: p.channels, kernel: 1 });
    return g.node('Add', [out, x]);
  });
}

/** One BasicTransformerBlock in the current scope: h [B, S, dim] → [B, S, dim]. */
function basicTransformerBlock(ctx: GraphContext, h: string, context: string, dim: number, p: Transformer2DParams): string {
  const { g } = ctx;
  const common = { queryDim: dim, heads: p.heads, headDim: p.headDim, qkvBias: false, upcast: p.upcastAttention };
  const n1 = layerNormModule(ctx, 'norm1', h, dim, 1e-5);
  h = g.node('Add', [attention(ctx, 'attn1', n1, n1, { ...common, contextDim: dim }), h]);
  const n2 = layerNormModule(ctx, 'norm2', h, dim, 1e-5);
  h = g.node('Add', [attention(ctx, 'attn2', n2, context, { ...common, contextDim: p.crossAttentionDim }), h]);
  const n3 = layerNormModule(ctx, 'norm3', h, dim, 1e-5);
  return g.node('Add', [inModule(ctx, 'ff', () => gegluFeedForward(ctx, n3, dim)), h]);
}

/** diffusers FeedForward(activation 'geglu', mult 4): net.0 = GEGLU (proj → value · gelu(gate)), net.2 = Linear. */
function gegluFeedForward(ctx: GraphContext, x: string, dim: number): string {
  const { g } = ctx;
  const inner = dim * 4;
  const proj = linear(ctx, 'net.0.proj', x, dim, inner * 2);
  // torch .chunk(2, dim=-1): first half is the value, second half the gate.
  const [value, gate] = g.nodeOutputs('Split', [proj, g.constI64('split', [inner, inner])], { axis: -1 }, { outputs: 2 });
  const gelu = geluErf(g, gate, { half: actConst(ctx, 'half', [0.5]), one: actConst(ctx, 'one', [1]), invSqrt2: actConst(ctx, 'inv_sqrt2', [Math.SQRT1_2]) });
  return linear(ctx, 'net.2', g.node('Mul', [value, gelu]), inner, dim);
}
