/**
 * @file diffusers `Downsample2D` with use_conv (v0.29.2 `downsampling.py`): 3×3 conv, stride 2.
 * padding 1 pads every side; padding 0 (the VAE encoder) first pads only right and bottom by one,
 * as diffusers does with F.pad(x, (0, 1, 0, 1)).
 */
import { inModule, actConst, type GraphContext } from './graphContext';
import { conv2d } from './conv2d';

/** Module `name` (e.g. `downsamplers.0`, holding `conv`): x [B, C, H, W] → [B, C, ⌈H/2⌉-ish, …]. */
export function downsample2D(ctx: GraphContext, name: string, x: string, channels: number, padding: number): string {
  return inModule(ctx, name, () => {
    let h = x;
    if (padding === 0) {
      const pads = ctx.g.constI64('pads', [0, 0, 0, 0, 0, 0, 1, 1]);
      h = ctx.g.node('Pad', [h, pads, actConst(ctx, 'pad_value', [0])], { mode: 'constant' });
    }
    return conv2d(ctx, 'conv', h, { inChannels: channels, outChannels: channels, kernel: 3, stride: 2, padding });
  });
}
