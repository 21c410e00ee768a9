/**
 * @file torch.nn.GroupNorm / LayerNorm modules with checkpoint parameters, computed in float32
 * whatever the graph precision (fp16 statistics overflow on SD activations; browser-anchors §2.5).
 */
import { f } from '../attributes';
import { groupNorm } from '../layers/groupNorm';
import { f32Weight, fromFloat32, inModule, toFloat32, type GraphContext } from './graphContext';

/**
 * Module `name`: GroupNorm over x [N, C, ...spatial] (`spatialRank` trailing axes, 2 for NCHW, 1 for
 * [N, C, L]); returns the activation dtype.
 */
export function groupNormModule(ctx: GraphContext, name: string, x: string, channels: number, groups: number, eps: number, spatialRank = 2): string {
  return inModule(ctx, name, () => {
    const bshape = [channels, ...Array.from({ length: spatialRank }, () => 1)];
    const weight = f32Weight(ctx, 'weight', [channels], bshape);
    const bias = f32Weight(ctx, 'bias', [channels], bshape);
    return fromFloat32(ctx, groupNorm(ctx.g, toFloat32(ctx, x), { groups, channels, eps, weight, bias }));
  });
}

/** Module `name`: LayerNorm over the last axis (size `dim`) of x; returns the activation dtype. */
export function layerNormModule(ctx: GraphContext, name: string, x: string, dim: number, eps: number): string {
  return inModule(ctx, name, () => {
    const weight = f32Weight(ctx, 'weight', [dim]);
    const bias = f32Weight(ctx, 'bias', [dim]);
    return fromFloat32(ctx, ctx.g.node('LayerNormalization', [toFloat32(ctx, x), weight, bias], { axis: -1, epsilon: f(eps) }));
  });
}
