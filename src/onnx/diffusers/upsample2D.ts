/**
 * @file diffusers `Upsample2D` with use_conv (v0.29.2 `upsampling.py`): nearest-neighbour resize then
 * 3×3 conv. In the UNet the target size is the skip tensor's H, W (diffusers passes `upsample_size`
 * when the latent is not a multiple of 2^num_upsamplers); doubling is the same thing otherwise.
 * ONNX Resize 'asymmetric' + 'floor' is torch's legacy 'nearest' (src = ⌊dst · in / out⌋).
 */
import { inModule, type GraphContext } from './graphContext';
import { conv2d } from './conv2d';

const NEAREST = { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' } as const;

/**
 * Module `name` (e.g. `upsamplers.0`, holding `conv`): x [B, C, h, w] → [B, C, H, W] where (H, W) is
 * the spatial size of `sizeLike` [*, *, H, W], or (2h, 2w) when `sizeLike` is null.
 */
export function upsample2D(ctx: GraphContext, name: string, x: string, channels: number, sizeLike: string | null): string {
  return inModule(ctx, name, () => {
    const { g } = ctx;
    let up: string;
    if (sizeLike === null) {
      up = g.node('Resize', [x, '', g.constF32('scales', [1, 1, 2, 2])], NEAREST);
    } else {
      const slice = (v: string, from: number, to: number) => g.node('Slice', [g.node('Shape', [v]), g.constI64('from', [from]), g.constI64('to', [to])]);
      const sizes = g.node('Concat', [slice(x, 0, 2), slice(sizeLike, 2, 4)], { axis: 0 });
      up = g.node('Resize', [x, '', '', sizes], NEAREST);
    }
    return conv2d(ctx, 'conv', up, { inChannels: channels, outChannels: channels, kernel: 3 });
  });
}
