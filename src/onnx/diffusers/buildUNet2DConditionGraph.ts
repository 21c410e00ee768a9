/**
 * @file ONNX graph of a diffusers `UNet2DConditionModel` (v0.29.2 `unet_2d_condition.py` forward, SD1.x /
 * Arc2Face family) from its config.json and weights: time_proj → time_embedding, conv_in, down blocks
 * (ResnetBlock2D [+ Transformer2DModel], Downsample2D), UNetMidBlock2DCrossAttn, up blocks (skip
 * concatenation, ResnetBlock2D [+ Transformer2DModel], Upsample2D to the skip's size), GroupNorm → SiLU → conv_out.
 *
 * Graph IO (always float32): `sample` [B, in_channels, H, W], `timestep` [B] (one value per batch row;
 * fractional values allowed), `encoder_hidden_states` [B, L, cross_attention_dim] → `noise_pred`
 * [B, out_channels, H, W]; optional `debug.*` outputs named as in fixtures/unet.
 */
import type { GraphBuilder, Shape } from '../graphBuilder';
import { silu } from '../layers/silu';
import { DiffusersConfigError } from './configError';
import { conv2d } from './conv2d';
import { downsample2D } from './downsample2D';
import { actConst, createGraphContext, fromFloat32, inModule, toFloat32, type DiffusersGraphOptions } from './graphContext';
import { groupNormModule } from './normalization';
import { resnetBlock2D } from './resnetBlock2D';
import { timeProjection, timestepEmbedding } from './timestepEmbedding';
import { transformer2D } from './transformer2D';
import { resolveUNetConfig, type CrossAttnPlan, type UNetConfig, type UNetPlan } from './unetConfig';
import { upsample2D } from './upsample2D';
import type { WeightSource } from './weightSource';

/** Precision/attention/debug options (see graphContext.ts) plus the UNet's input shapes. */
export interface UNetGraphOptions extends DiffusersGraphOptions {
  /** Fixed batch and latent size (the studio's static-shape sessions); free dims otherwise. */
  staticShape?: { batch: number; height: number; width: number };
  /** Length of encoder_hidden_states (default 77, CLIP's max_position_embeddings); 'free' for a symbolic dim. */
  sequenceLength?: number | 'free';
}

const MODEL = 'UNet2DConditionModel';

/**
 * Builds the UNet graph. Throws DiffusersConfigError for unsupported config values and
 * WeightMismatchError (naming `weights.label` and each tensor) when the weights do not fit the config.
 * Call `.build()` (or `.build({ externalData })`) on the result to encode it.
 */
export function buildUNet2DConditionGraph(config: UNetConfig, weights: WeightSource, options: UNetGraphOptions = {}): GraphBuilder {
  const plan = resolveUNetConfig(config);
  const crossDim = commonCrossAttentionDim(plan);
  const ctx = createGraphContext(weights, options, { name: 'unet', docString: `diffusers ${MODEL} (v0.29.2 semantics)` });
  const { g } = ctx;
  const s = options.staticShape;
  const [B, H, W]: Shape = s ? [s.batch, s.height, s.width] : ['batch', 'height', 'width'];
  const seq = options.sequenceLength === 'free' ? 'sequence' : (options.sequenceLength ?? 77);

  const sampleIn = g.input('sample', 'float32', [B, plan.inChannels, H, W]);
  const timestep = g.input('timestep', 'float32', [B]);
  const ehsIn = g.input('encoder_hidden_states', 'float32', [B, seq, crossDim]);
  const debug = (name: string, value: string, channels: number | null) => {
    if (!options.debugOutputs) return;
    const shape = channels === null ? [B, `${name}_dim`] : [B, channels, `${name}_height`, `${name}_width`];
    g.output(toFloat32(ctx, value), 'float32', shape, `debug.${name}`);
  };

  let sample = fromFloat32(ctx, sampleIn);
  if (plan.centerInputSample) sample = g.node('Sub', [g.node('Mul', [sample, actConst(ctx, 'two', [2])]), actConst(ctx, 'one', [1])]);
  const context = fromFloat32(ctx, ehsIn);

  const tProj = timeProjection(ctx, timestep, { dim: plan.timeProjDim, flipSinToCos: plan.flipSinToCos, freqShift: plan.freqShift });
  debug('time_proj', tProj, null);
  const temb = timestepEmbedding(ctx, tProj, plan.timeProjDim, plan.timeEmbedDim);
  debug('time_embedding', temb, null);
  const tembAct = silu(g, temb);

  const resnet = (name: string, x: string, inChannels: number, outChannels: number, outputScaleFactor = 1) =>
    resnetBlock2D(ctx, name, x, tembAct, { inChannels, outChannels, tembChannels: plan.timeEmbedDim, groups: plan.normGroups, eps: plan.normEps, outputScaleFactor });
  const transformer = (name: string, x: string, channels: number, a: CrossAttnPlan, layer: number) =>
    transformer2D(ctx, name, x, context, {
      channels, heads: a.heads, headDim: a.headDim, layers: a.transformerLayers[layer], crossAttentionDim: a.crossAttentionDim,
      groups: plan.normGroups, useLinearProjection: plan.useLinearProjection, upcastAttention: plan.upcastAttention,
    });

  let h = conv2d(ctx, 'conv_in', sample, { inChannels: plan.inChannels, outChannels: plan.blockOutChannels[0], kernel: plan.convInKernel });
  debug('conv_in', h, plan.blockOutChannels[0]);
  const skips: string[] = [h];

  plan.down.forEach((block, i) => {
    h = inModule(ctx, `down_blocks.${i}`, () => {
      let x = h;
      for (let j = 0; j < block.layers; j++) {
        x = resnet(`resnets.${j}`, x, j === 0 ? block.inChannels : block.outChannels, block.outChannels);
        if (block.attention) x = transformer(`attentions.${j}`, x, block.outChannels, block.attention, j);
        skips.push(x);
      }
      if (block.addDownsample) {
        x = downsample2D(ctx, 'downsamplers.0', x, block.outChannels, plan.downsamplePadding);
        skips.push(x);
      }
      return x;
    });
    debug(`down_blocks.${i}`, h, block.outChannels);
  });

  h = inModule(ctx, 'mid_block', () => {
    const { channels: c, outputScaleFactor, attention } = plan.mid;
    let x = resnet('resnets.0', h, c, c, outputScaleFactor);
    x = transformer('attentions.0', x, c, attention, 0);
    return resnet('resnets.1', x, c, c, outputScaleFactor);
  });
  debug('mid_block', h, plan.mid.channels);

  plan.up.forEach((block, i) => {
    const res = skips.splice(skips.length - block.layers, block.layers);
    h = inModule(ctx, `up_blocks.${i}`, () => {
      let x = h;
      for (let j = 0; j < block.layers; j++) {
        const skip = res[res.length - 1 - j];
        const skipChannels = j === block.layers - 1 ? block.inChannels : block.outChannels;
        const inChannels = (j === 0 ? block.prevOutputChannels : block.outChannels) + skipChannels;
        x = resnet(`resnets.${j}`, g.node('Concat', [x, skip], { axis: 1 }), inChannels, block.outChannels);
        if (block.attention) x = transformer(`attentions.${j}`, x, block.outChannels, block.attention, j);
      }
      // Upsample to the next skip's size: equals 2× for even sizes and handles odd ones like diffusers' upsample_size.
      if (block.addUpsample) x = upsample2D(ctx, 'upsamplers.0', x, block.outChannels, skips[skips.length - 1]);
      return x;
    });
    debug(`up_blocks.${i}`, h, block.outChannels);
  });

  const c0 = plan.blockOutChannels[0];
  const normed = groupNormModule(ctx, 'conv_norm_out', h, c0, plan.normGroups, plan.normEps);
  debug('conv_norm_out', normed, c0);
  const out = conv2d(ctx, 'conv_out', silu(g, normed), { inChannels: c0, outChannels: plan.outChannels, kernel: plan.convOutKernel });
  debug('conv_out', out, plan.outChannels);
  g.output(toFloat32(ctx, out), 'float32', [B, plan.outChannels, H, W], 'noise_pred');
  ctx.w.finish();
  return g;
}

/** encoder_hidden_states feeds every cross-attention, so all blocks must agree on its width. */
function commonCrossAttentionDim(plan: UNetPlan): number {
  const dims = [...plan.down, ...plan.up].flatMap((b) => (b.attention ? [b.attention.crossAttentionDim] : []));
  dims.push(plan.mid.attention.crossAttentionDim);
  if (new Set(dims).size > 1) {
    throw new DiffusersConfigError('UNSUPPORTED', MODEL, 'cross_attention_dim', dims,
      'differs between blocks, which needs an encoder_hid_proj; only one width is supported');
  }
  return dims[0];
}
