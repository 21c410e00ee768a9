/**
 * @file diffusers `AutoencoderKL` config.json (v0.29.2 keys and defaults) resolved for the VAE
 * encoder/decoder graph builders; unsupported values are rejected naming the key and value.
 */
import { DiffusersConfigError, positiveInt, requireSupported } from './configError';

/** config.json as diffusers writes it (keys verbatim); missing keys take diffusers 0.29.2 defaults. */
export interface VaeConfig {
  _class_name?: string;
  in_channels?: number;
  out_channels?: number;
  down_block_types?: string[];
  up_block_types?: string[];
  block_out_channels?: number[];
  layers_per_block?: number;
  act_fn?: string;
  latent_channels?: number;
  norm_num_groups?: number;
  /** Not part of the graphs: the pipeline divides latents by it before decoding. */
  scaling_factor?: number;
  shift_factor?: number | null;
  use_quant_conv?: boolean;
  use_post_quant_conv?: boolean;
  mid_block_add_attention?: boolean;
  [key: string]: unknown;
}

export interface VaePlan {
  inChannels: number;
  outChannels: number;
  latentChannels: number;
  blockOutChannels: number[];
  layersPerBlock: number;
  normGroups: number;
  useQuantConv: boolean;
  usePostQuantConv: boolean;
  midBlockAddAttention: boolean;
}

const M = 'AutoencoderKL';

/** Validates an AutoencoderKL config (diffusers 0.29.2 semantics). */
export function resolveVaeConfig(config: VaeConfig): VaePlan {
  requireSupported(config.act_fn === undefined || config.act_fn === 'silu', M, 'act_fn', config.act_fn, 'is not supported (only "silu")');
  const boc = config.block_out_channels ?? [64];
  if (!Array.isArray(boc) || boc.length === 0) throw new DiffusersConfigError('INVALID', M, 'block_out_channels', boc, 'must be a non-empty list');
  boc.forEach((c, i) => positiveInt(M, `block_out_channels[${i}]`, c));
  const down = config.down_block_types ?? ['DownEncoderBlock2D'];
  const up = config.up_block_types ?? ['UpDecoderBlock2D'];
  if (down.length !== boc.length) throw new DiffusersConfigError('INVALID', M, 'down_block_types', down, `must have ${boc.length} entries (one per block_out_channels)`);
  if (up.length !== boc.length) throw new DiffusersConfigError('INVALID', M, 'up_block_types', up, `must have ${boc.length} entries (one per block_out_channels)`);
  down.forEach((t, i) => requireSupported(t === 'DownEncoderBlock2D', M, `down_block_types[${i}]`, t, 'is not supported (only "DownEncoderBlock2D")'));
  up.forEach((t, i) => requireSupported(t === 'UpDecoderBlock2D', M, `up_block_types[${i}]`, t, 'is not supported (only "UpDecoderBlock2D")'));
  return {
    inChannels: positiveInt(M, 'in_channels', config.in_channels ?? 3),
    outChannels: positiveInt(M, 'out_channels', config.out_channels ?? 3),
    latentChannels: positiveInt(M, 'latent_channels', config.latent_channels ?? 4),
    blockOutChannels: [...boc],
    layersPerBlock: positiveInt(M, 'layers_per_block', config.layers_per_block ?? 1),
    normGroups: positiveInt(M, 'norm_num_groups', config.norm_num_groups ?? 32),
    useQuantConv: config.use_quant_conv ?? true,
    usePostQuantConv: config.use_post_quant_conv ?? true,
    midBlockAddAttention: config.mid_block_add_attention ?? true,
  };
}
