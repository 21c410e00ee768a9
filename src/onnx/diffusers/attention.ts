/**
 * @file diffusers `Attention` as used inside BasicTransformerBlock (attn1 self, attn2 cross):
 * to_q / to_k / to_v projections (bias per `qkvBias`), scaled dot-product attention, to_out.0.
 */
import { inModule, type GraphContext } from './graphContext';
import { linear } from './linear';
import { scaledDotProductAttention } from './scaledDotProductAttention';

export interface AttentionParams {
  queryDim: number;
  /** Width of the context (encoder_hidden_states) for cross-attention; queryDim for self-attention. */
  contextDim: number;
  heads: number;
  headDim: number;
  qkvBias: boolean;
  upcast: boolean;
}

/** Module `name`: x [B, S, queryDim], context [B, L, contextDim] (x for self-attention) → [B, S, queryDim]. */
export function attention(ctx: GraphContext, name: string, x: string, context: string, p: AttentionParams): string {
  return inModule(ctx, name, () => {
    const inner = p.heads * p.headDim;
    const q = linear(ctx, 'to_q', x, p.queryDim, inner, p.qkvBias);
    const k = linear(ctx, 'to_k', context, p.contextDim, inner, p.qkvBias);
    const v = linear(ctx, 'to_v', context, p.contextDim, inner, p.qkvBias);
    const o = scaledDotProductAttention(ctx, q, k, v, { heads: p.heads, headDim: p.headDim, upcast: p.upcast });
    return linear(ctx, 'to_out.0', o, inner, p.queryDim, true);
  });
}
