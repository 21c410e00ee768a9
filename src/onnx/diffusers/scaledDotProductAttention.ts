/**
 * @file softmax(q·kᵀ / √d) · v over heads packed in the last axis, as diffusers' `AttnProcessor`
 * computes it (v0.29.2 `attention_processor.py`), in one of two ONNX forms:
 * - 'plain': Reshape/Transpose to [B, heads, S, d], MatMul, Softmax, MatMul — standard ops only;
 * - 'mha':   com.microsoft MultiHeadAttention (ORT's fused kernel; on WebGPU it avoids materialising
 *            the [B·heads, S, L] score tensor, which at 64×64 latents exceeds 128 MiB binding limits,
 *            browser-anchors §2.4).
 */
import { f } from '../attributes';
import { actConst, type GraphContext } from './graphContext';

export interface SdpaParams {
  heads: number;
  headDim: number;
  /** Softmax in float32 (diffusers `upcast_attention` / `upcast_softmax`); only matters in fp16 graphs. */
  upcast: boolean;
}

/** q [B, S, heads·d], k/v [B, L, heads·d] → [B, S, heads·d]. */
export function scaledDotProductAttention(ctx: GraphContext, q: string, k: string, v: string, p: SdpaParams): string {
  const { g } = ctx;
  const scale = 1 / Math.sqrt(p.headDim);
  if (ctx.attention === 'mha') {
    return g.node('MultiHeadAttention', [q, k, v], { num_heads: p.heads, scale: f(scale) }, { domain: 'com.microsoft' });
  }
  const split = g.constI64('split_heads', [0, 0, p.heads, p.headDim]);
  const heads = (x: string, perm: number[]) => g.node('Transpose', [g.node('Reshape', [x, split])], { perm });
  // Scaling q (S·d values) instead of the scores (S·L values) is cheaper and keeps fp16 scores smaller.
  const qh = g.node('Mul', [heads(q, [0, 2, 1, 3]), actConst(ctx, 'scale', [scale])]);
  const kt = heads(k, [0, 2, 3, 1]);
  const vh = heads(v, [0, 2, 1, 3]);
  let scores = g.node('MatMul', [qh, kt]);
  const upcast = p.upcast && ctx.precision === 'fp16';
  if (upcast) scores = g.node('Cast', [scores], { to: 1 });
  let probs = g.node('Softmax', [scores], { axis: -1 });
  if (upcast) probs = g.node('Cast', [probs], { to: 10 });
  const out = g.node('Transpose', [g.node('MatMul', [probs, vh])], { perm: [0, 2, 1, 3] });
  return g.node('Reshape', [out, g.constI64('merge_heads', [0, 0, p.heads * p.headDim])]);
}
