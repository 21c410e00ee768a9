/**
 * @file diffusers `ResnetBlock2D` (v0.29.2 `resnet.py`) with resnet_time_scale_shift 'default', SiLU:
 * norm1 → SiLU → conv1 (+ time_emb_proj(SiLU(temb)) broadcast over H, W) → norm2 → SiLU → conv2,
 * plus the input (through conv_shortcut 1×1 when channels change), divided by output_scale_factor.
 */
import { silu } from '../layers/silu';
import { actConst, inModule, type GraphContext } from './graphContext';
import { conv2d } from './conv2d';
import { linear } from './linear';
import { groupNormModule } from './normalization';

export interface ResnetBlock2DParams {
  inChannels: number;
  outChannels: number;
  /** Width of the time embedding, or null for blocks without one (VAE). */
  tembChannels: number | null;
  groups: number;
  eps: number;
  outputScaleFactor?: number;
}

/**
 * Module `name`: x [B, in, H, W] → [B, out, H, W]. `tembAct` is SiLU(temb) [B, tembChannels]: every
 * resnet applies the same SiLU to the same temb, so the caller computes it once.
 */
export function resnetBlock2D(ctx: GraphContext, name: string, x: string, tembAct: string | null, p: ResnetBlock2DParams): string {
  return inModule(ctx, name, () => {
    const { g } = ctx;
    let h = silu(g, groupNormModule(ctx, 'norm1', x, p.inChannels, p.groups, p.eps));
    h = conv2d(ctx, 'conv1', h, { inChannels: p.inChannels, outChannels: p.outChannels, kernel: 3 });
    if (p.tembChannels !== null) {
      if (tembAct === null) throw new Error(`${g.scopedName('')}: resnet expects a time embedding`);
      const t = linear(ctx, 'time_emb_proj', tembAct, p.tembChannels, p.outChannels);
      h = g.node('Add', [h, g.node('Reshape', [t, g.constI64('temb_shape', [0, 0, 1, 1])])]);
    }
    h = silu(g, groupNormModule(ctx, 'norm2', h, p.outChannels, p.groups, p.eps));
    h = conv2d(ctx, 'conv2', h, { inChannels: p.outChannels, outChannels: p.outChannels, kernel: 3 });
    const shortcut = p.inChannels !== p.outChannels
      ? conv2d(ctx, 'conv_shortcut', x, { inChannels: p.inChannels, outChannels: p.outChannels, kernel: 1 })
      : x;
    const sum = g.node('Add', [shortcut, h]);
    const s = p.outputScaleFactor ?? 1;
    return s === 1 ? sum : g.node('Div', [sum, actConst(ctx, 'output_scale_factor', [s])]);
  });
}
