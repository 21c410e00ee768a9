/**
 * @file diffusers `UNetMidBlock2D` as the VAE uses it (no time embedding, eps 1e-6, one attention with
 * attention_head_dim = channels): resnets.0 → attentions.0 → resnets.1.
 */
import { inModule, type GraphContext } from './graphContext';
import { resnetBlock2D } from './resnetBlock2D';
import { spatialSelfAttention } from './spatialSelfAttention';

/** `mid_block` of an Encoder/Decoder in the current scope: x [B, C, H, W] → same shape. */
export function vaeMidBlock(ctx: GraphContext, x: string, channels: number, groups: number, addAttention: boolean): string {
  return inModule(ctx, 'mid_block', () => {
    const eps = 1e-6;
    const res = { inChannels: channels, outChannels: channels, tembChannels: null, groups, eps };
    let h = resnetBlock2D(ctx, 'resnets.0', x, null, res);
    if (addAttention) h = spatialSelfAttention(ctx, 'attentions.0', h, { channels, heads: 1, groups, eps });
    return resnetBlock2D(ctx, 'resnets.1', h, null, res);
  });
}
