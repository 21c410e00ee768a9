/**
 * @file torch.nn.Conv2d (NCHW, square kernel, symmetric padding, bias) as one ONNX Conv.
 */
import { actWeight, inModule, type GraphContext } from './graphContext';

export interface Conv2dParams {
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride?: number;
  /** Zero padding on every side (default kernel // 2, i.e. "same" for stride 1). */
  padding?: number;
}

/** Module `name`: x [N, in, H, W] → [N, out, H', W'] with weight [out, in, k, k] and bias [out]. */
export function conv2d(ctx: GraphContext, name: string, x: string, p: Conv2dParams): string {
  return inModule(ctx, name, () => {
    const k = p.kernel;
    const pad = p.padding ?? (k - 1) / 2;
    const w = actWeight(ctx, 'weight', [p.outChannels, p.inChannels, k, k]);
    const b = actWeight(ctx, 'bias', [p.outChannels]);
    return ctx.g.node('Conv', [x, w, b], {
      kernel_shape: [k, k], strides: [p.stride ?? 1, p.stride ?? 1], pads: [pad, pad, pad, pad], dilations: [1, 1], group: 1,
    });
  });
}
