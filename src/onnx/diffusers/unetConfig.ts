/**
 * @file diffusers `UNet2DConditionModel` config.json (v0.29.2 keys and defaults) and its resolution
 * into a per-block plan, following `UNet2DConditionModel.__init__` / `get_down_block` / `get_up_block`.
 * Anything the graph builder does not implement is rejected here with the key and value named.
 */
import { DiffusersConfigError, perBlock, positiveInt, requireSupported } from './configError';

/** config.json as diffusers writes it (keys verbatim). Missing keys take diffusers 0.29.2 defaults. */
export interface UNetConfig {
  _class_name?: string;
  in_channels?: number;
  out_channels?: number;
  center_input_sample?: boolean;
  flip_sin_to_cos?: boolean;
  freq_shift?: number;
  down_block_types?: string[];
  mid_block_type?: string | null;
  up_block_types?: string[];
  only_cross_attention?: boolean | boolean[];
  block_out_channels?: number[];
  layers_per_block?: number | number[];
  downsample_padding?: number;
  mid_block_scale_factor?: number;
  act_fn?: string;
  norm_num_groups?: number | null;
  norm_eps?: number;
  cross_attention_dim?: number | number[];
  transformer_layers_per_block?: number | (number | number[])[];
  reverse_transformer_layers_per_block?: (number | number[])[] | null;
  /** In SD1.x this is the number of heads (diffusers' historical naming), used when num_attention_heads is null. */
  attention_head_dim?: number | number[];
  num_attention_heads?: number | number[] | null;
  use_linear_projection?: boolean;
  upcast_attention?: boolean;
  resnet_time_scale_shift?: string;
  resnet_skip_time_act?: boolean;
  resnet_out_scale_factor?: number;
  time_embedding_type?: string;
  time_embedding_dim?: number | null;
  time_embedding_act_fn?: string | null;
  timestep_post_act?: string | null;
  time_cond_proj_dim?: number | null;
  conv_in_kernel?: number;
  conv_out_kernel?: number;
  [key: string]: unknown;
}

/** Attention settings of one cross-attention block (a Transformer2DModel per resnet). */
export interface CrossAttnPlan {
  heads: number;
  headDim: number;
  crossAttentionDim: number;
  /** BasicTransformerBlocks in the Transformer2DModel after resnet i. */
  transformerLayers: number[];
}

export interface DownBlockPlan {
  type: 'CrossAttnDownBlock2D' | 'DownBlock2D';
  inChannels: number;
  outChannels: number;
  layers: number;
  addDownsample: boolean;
  attention: CrossAttnPlan | null;
}

export interface UpBlockPlan {
  type: 'CrossAttnUpBlock2D' | 'UpBlock2D';
  /** Channels of the skip coming from the matching down block's input side (`in_channels`). */
  inChannels: number;
  prevOutputChannels: number;
  outChannels: number;
  layers: number;
  addUpsample: boolean;
  attention: CrossAttnPlan | null;
}

export interface MidBlockPlan {
  channels: number;
  outputScaleFactor: number;
  attention: CrossAttnPlan;
}

/** Everything the graph builder needs, resolved and validated. */
export interface UNetPlan {
  inChannels: number;
  outChannels: number;
  centerInputSample: boolean;
  flipSinToCos: boolean;
  freqShift: number;
  timeProjDim: number;
  timeEmbedDim: number;
  convInKernel: number;
  convOutKernel: number;
  blockOutChannels: number[];
  normGroups: number;
  normEps: number;
  downsamplePadding: number;
  useLinearProjection: boolean;
  upcastAttention: boolean;
  down: DownBlockPlan[];
  mid: MidBlockPlan;
  up: UpBlockPlan[];
}

const M = 'UNet2DConditionModel';
const DOWN_TYPES = ['CrossAttnDownBlock2D', 'DownBlock2D'] as const;
const UP_TYPES = ['CrossAttnUpBlock2D', 'UpBlock2D'] as const;

/** Keys that must hold exactly these (null-ish) values because no other value is implemented. */
const MUST_BE_OFF: Record<string, readonly unknown[]> = {
  class_embed_type: [null, undefined],
  num_class_embeds: [null, undefined],
  addition_embed_type: [null, undefined],
  encoder_hid_dim: [null, undefined],
  encoder_hid_dim_type: [null, undefined],
  time_cond_proj_dim: [null, undefined],
  time_embedding_act_fn: [null, undefined],
  timestep_post_act: [null, undefined],
  cross_attention_norm: [null, undefined],
  projection_class_embeddings_input_dim: [null, undefined],
  dual_cross_attention: [false, undefined],
  resnet_skip_time_act: [false, undefined],
  class_embeddings_concat: [false, undefined],
  mid_block_only_cross_attention: [null, false, undefined],
  resnet_time_scale_shift: ['default', undefined],
  time_embedding_type: ['positional', undefined],
  attention_type: ['default', undefined],
  act_fn: ['silu', undefined],
  mid_block_type: ['UNetMidBlock2DCrossAttn', undefined],
  resnet_out_scale_factor: [1, undefined],
};

/** Validates a UNet config and resolves it into per-block settings (diffusers 0.29.2 semantics). */
export function resolveUNetConfig(config: UNetConfig): UNetPlan {
  for (const [key, allowed] of Object.entries(MUST_BE_OFF)) {
    requireSupported(allowed.includes(config[key]), M, key, config[key],
      `is not supported (supported: ${allowed.filter((v) => v !== undefined).map((v) => JSON.stringify(v)).join(' or ')})`);
  }
  const boc = config.block_out_channels ?? [320, 640, 1280, 1280];
  if (!Array.isArray(boc) || boc.length === 0) throw new DiffusersConfigError('INVALID', M, 'block_out_channels', boc, 'must be a non-empty list');
  boc.forEach((c, i) => positiveInt(M, `block_out_channels[${i}]`, c));
  const n = boc.length;
  const downTypes = config.down_block_types ?? ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'];
  const upTypes = config.up_block_types ?? ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'];
  if (downTypes.length !== n) throw new DiffusersConfigError('INVALID', M, 'down_block_types', downTypes, `must have ${n} entries (one per block_out_channels)`);
  if (upTypes.length !== n) throw new DiffusersConfigError('INVALID', M, 'up_block_types', upTypes, `must have ${n} entries (one per block_out_channels)`);
  downTypes.forEach((t, i) => requireSupported((DOWN_TYPES as readonly string[]).includes(t), M, `down_block_types[${i}]`, t, `is not supported (supported: ${DOWN_TYPES.join(', ')})`));
  upTypes.forEach((t, i) => requireSupported((UP_TYPES as readonly string[]).includes(t), M, `up_block_types[${i}]`, t, `is not supported (supported: ${UP_TYPES.join(', ')})`));
  const onlyCross = perBlock(M, 'only_cross_attention', config.only_cross_attention ?? false, n);
  onlyCross.forEach((v) => requireSupported(v === false, M, 'only_cross_attention', config.only_cross_attention, 'is not supported (only false)'));

  const normGroups = config.norm_num_groups === undefined ? 32 : config.norm_num_groups;
  requireSupported(normGroups !== null, M, 'norm_num_groups', normGroups, 'is not supported (GroupNorm layers need a group count)');
  positiveInt(M, 'norm_num_groups', normGroups);
  const headsRaw = config.num_attention_heads ?? config.attention_head_dim ?? 8;
  const headsKey = config.num_attention_heads != null ? 'num_attention_heads' : 'attention_head_dim';
  const heads = perBlock(M, headsKey, headsRaw, n);
  const crossDims = perBlock(M, 'cross_attention_dim', config.cross_attention_dim ?? 1280, n);
  const layersPerBlock = perBlock(M, 'layers_per_block', config.layers_per_block ?? 2, n);
  const tlpb = perBlock<number | number[]>(M, 'transformer_layers_per_block', config.transformer_layers_per_block ?? 1, n);
  const reverseTlpb = config.reverse_transformer_layers_per_block ?? null;
  if (reverseTlpb === null && tlpb.some(Array.isArray)) {
    throw new DiffusersConfigError('INVALID', M, 'transformer_layers_per_block', config.transformer_layers_per_block,
      'uses per-layer lists, which needs reverse_transformer_layers_per_block (asymmetrical UNet)');
  }
  const reversedTlpb = reverseTlpb === null ? [...tlpb].reverse() : perBlock(M, 'reverse_transformer_layers_per_block', reverseTlpb, n);

  const crossAttn = (i: number, channels: number, layers: number, t: number | number[], h: number, cross: number, where: string): CrossAttnPlan => {
    positiveInt(M, `${headsKey}[${i}]`, h);
    if (channels % h !== 0) {
      throw new DiffusersConfigError('INVALID', M, headsKey, headsRaw, `gives ${h} heads for ${channels} channels in ${where} (not divisible)`);
    }
    const perLayer = Array.isArray(t) ? t : Array.from({ length: layers }, () => t);
    if (perLayer.length !== layers) throw new DiffusersConfigError('INVALID', M, 'transformer_layers_per_block', t, `needs ${layers} entries for ${where}`);
    perLayer.forEach((v) => positiveInt(M, 'transformer_layers_per_block', v));
    return { heads: h, headDim: channels / h, crossAttentionDim: positiveInt(M, 'cross_attention_dim', cross), transformerLayers: perLayer };
  };

  const down: DownBlockPlan[] = [];
  let outCh = boc[0];
  for (let i = 0; i < n; i++) {
    const inCh = outCh;
    outCh = boc[i];
    const type = downTypes[i] as DownBlockPlan['type'];
    const layers = positiveInt(M, `layers_per_block[${i}]`, layersPerBlock[i]);
    down.push({
      type, inChannels: inCh, outChannels: outCh, layers, addDownsample: i < n - 1,
      attention: type === 'CrossAttnDownBlock2D' ? crossAttn(i, outCh, layers, tlpb[i], heads[i], crossDims[i], `down_blocks.${i}`) : null,
    });
  }

  const midT = tlpb[n - 1];
  const mid: MidBlockPlan = {
    channels: boc[n - 1],
    outputScaleFactor: config.mid_block_scale_factor ?? 1,
    attention: crossAttn(n - 1, boc[n - 1], 1, midT, heads[n - 1], crossDims[n - 1], 'mid_block'),
  };

  const rBoc = [...boc].reverse();
  const rHeads = [...heads].reverse();
  const rLayers = [...layersPerBlock].reverse();
  const rCross = [...crossDims].reverse();
  const up: UpBlockPlan[] = [];
  let upOut = rBoc[0];
  for (let i = 0; i < n; i++) {
    const prev = upOut;
    upOut = rBoc[i];
    const inCh = rBoc[Math.min(i + 1, n - 1)];
    const type = upTypes[i] as UpBlockPlan['type'];
    const layers = rLayers[i] + 1;
    up.push({
      type, inChannels: inCh, prevOutputChannels: prev, outChannels: upOut, layers, addUpsample: i < n - 1,
      attention: type === 'CrossAttnUpBlock2D' ? crossAttn(n - 1 - i, upOut, layers, reversedTlpb[i], rHeads[i], rCross[i], `up_blocks.${i}`) : null,
    });
  }

  const convInKernel = positiveInt(M, 'conv_in_kernel', config.conv_in_kernel ?? 3);
  const convOutKernel = positiveInt(M, 'conv_out_kernel', config.conv_out_kernel ?? 3);
  requireSupported(convInKernel % 2 === 1, M, 'conv_in_kernel', convInKernel, 'must be odd (same-size padding)');
  requireSupported(convOutKernel % 2 === 1, M, 'conv_out_kernel', convOutKernel, 'must be odd (same-size padding)');
  const downsamplePadding = config.downsample_padding ?? 1;
  requireSupported(downsamplePadding === 0 || downsamplePadding === 1, M, 'downsample_padding', downsamplePadding, 'is not supported (0 or 1)');
  return {
    inChannels: positiveInt(M, 'in_channels', config.in_channels ?? 4),
    outChannels: positiveInt(M, 'out_channels', config.out_channels ?? 4),
    centerInputSample: config.center_input_sample ?? false,
    flipSinToCos: config.flip_sin_to_cos ?? true,
    freqShift: config.freq_shift ?? 0,
    timeProjDim: boc[0],
    timeEmbedDim: config.time_embedding_dim ?? boc[0] * 4,
    convInKernel,
    convOutKernel,
    blockOutChannels: [...boc],
    normGroups: normGroups as number,
    normEps: config.norm_eps ?? 1e-5,
    downsamplePadding,
    useLinearProjection: config.use_linear_projection ?? false,
    upcastAttention: config.upcast_attention ?? false,
    down,
    mid,
    up,
  };
}
