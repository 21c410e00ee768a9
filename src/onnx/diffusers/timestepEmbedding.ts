/**
 * @file diffusers `Timesteps` (sinusoidal `get_timestep_embedding`, v0.29.2 `embeddings.py`) and
 * `TimestepEmbedding` (linear_1 → SiLU → linear_2). The sinusoid runs in float32 in every precision:
 * t reaches 999 and fp16 would lose the phase.
 */
import { silu } from '../layers/silu';
import { fromFloat32, inModule, type GraphContext } from './graphContext';
import { linear } from './linear';

/**
 * Frequencies exp(-ln(10000) · i / (half − shift)), i < half, rounded step by step to float32 the way
 * torch evaluates them (arange float32, scalar multiply, divide, exp), so phases at t ≈ 1000 agree.
 */
export function timestepFrequencies(dim: number, freqShift: number, maxPeriod = 10000): Float32Array {
  const half = Math.floor(dim / 2);
  const a = Math.fround(-Math.log(maxPeriod));
  const d = Math.fround(half - freqShift);
  return Float32Array.from({ length: half }, (_, i) => Math.fround(Math.exp(Math.fround(Math.fround(a * i) / d))));
}

export interface TimeProjParams {
  dim: number;
  flipSinToCos: boolean;
  freqShift: number;
}

/** time_proj: t float32 [B] → float32 [B, dim] ([cos, sin] when flipSinToCos, else [sin, cos]; odd dim zero-padded). */
export function timeProjection(ctx: GraphContext, t: string, p: TimeProjParams): string {
  return inModule(ctx, 'time_proj', () => {
    const { g } = ctx;
    const freqs = g.constF32('freqs', timestepFrequencies(p.dim, p.freqShift));
    const args = g.node('Mul', [g.node('Unsqueeze', [t, g.constI64('axes', [1])]), freqs]);
    const sin = g.node('Sin', [args]);
    const cos = g.node('Cos', [args]);
    let emb = g.node('Concat', p.flipSinToCos ? [cos, sin] : [sin, cos], { axis: -1 });
    if (p.dim % 2 === 1) emb = g.node('Pad', [emb, g.constI64('pads', [0, 0, 0, 1])], { mode: 'constant' });
    return emb;
  });
}

/** time_embedding: float32 [B, inDim] → activation dtype [B, embedDim] (linear_1 → SiLU → linear_2). */
export function timestepEmbedding(ctx: GraphContext, projected: string, inDim: number, embedDim: number): string {
  return inModule(ctx, 'time_embedding', () => {
    const h = linear(ctx, 'linear_1', fromFloat32(ctx, projected), inDim, embedDim);
    return linear(ctx, 'linear_2', silu(ctx.g, h), embedDim, embedDim);
  });
}
