import { describe, expect, it } from 'vitest';
import { DiffusersConfigError } from './configError';
import { resolveUNetConfig, type UNetConfig } from './unetConfig';
import { resolveVaeConfig } from './vaeConfig';

/** The SD1.5 / Arc2Face UNet config (values of runwayml/stable-diffusion-v1-5 unet/config.json). */
const SD15: UNetConfig = {
  _class_name: 'UNet2DConditionModel', act_fn: 'silu', attention_head_dim: 8, block_out_channels: [320, 640, 1280, 1280],
  center_input_sample: false, cross_attention_dim: 768,
  down_block_types: ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'],
  downsample_padding: 1, flip_sin_to_cos: true, freq_shift: 0, in_channels: 4, layers_per_block: 2, mid_block_scale_factor: 1,
  norm_eps: 1e-5, norm_num_groups: 32, out_channels: 4, sample_size: 64,
  up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
};

describe('resolveUNetConfig', () => {
  it('resolves SD1.5 to the diffusers block layout (heads = attention_head_dim, skip widths)', () => {
    const p = resolveUNetConfig(SD15);
    expect(p.timeProjDim).toBe(320);
    expect(p.timeEmbedDim).toBe(1280);
    expect(p.down.map((b) => [b.inChannels, b.outChannels, b.addDownsample, b.attention?.heads, b.attention?.headDim])).toEqual([
      [320, 320, true, 8, 40], [320, 640, true, 8, 80], [640, 1280, true, 8, 160], [1280, 1280, false, undefined, undefined],
    ]);
    expect(p.mid.attention).toEqual({ heads: 8, headDim: 160, crossAttentionDim: 768, transformerLayers: [1] });
    // up_blocks.i.resnets.0 input = prev_output + skip: 2560, 2560, 1920, 960 (as in SD1.5's conv1 weights).
    expect(p.up.map((b) => [b.layers, b.prevOutputChannels + b.outChannels, b.outChannels + b.inChannels, b.addUpsample])).toEqual([
      [3, 2560, 2560, true], [3, 2560, 1920, true], [3, 1920, 960, true], [3, 960, 640, false],
    ]);
  });

  it('prefers num_attention_heads and accepts per-block lists', () => {
    const p = resolveUNetConfig({ ...SD15, num_attention_heads: [5, 10, 20, 20], attention_head_dim: 64, transformer_layers_per_block: [1, 2, 3, 1] });
    expect(p.down.map((b) => b.attention && [b.attention.heads, b.attention.headDim, b.attention.transformerLayers])).toEqual([
      [5, 64, [1, 1]], [10, 64, [2, 2]], [20, 64, [3, 3]], null,
    ]);
    expect(p.up[1].attention).toEqual({ heads: 20, headDim: 64, crossAttentionDim: 768, transformerLayers: [3, 3, 3] });
  });

  it.each<[string, unknown]>([
    ['class_embed_type', 'timestep'],
    ['addition_embed_type', 'text_time'],
    ['resnet_time_scale_shift', 'scale_shift'],
    ['time_cond_proj_dim', 256],
    ['mid_block_type', 'UNetMidBlock2DSimpleCrossAttn'],
    ['act_fn', 'gelu'],
    ['only_cross_attention', true],
    ['time_embedding_type', 'fourier'],
  ])('rejects %s = %j naming the key and value', (k, v) => {
    const run = () => resolveUNetConfig({ ...SD15, [k]: v });
    expect(run).toThrow(DiffusersConfigError);
    expect(run).toThrow(`${k} = ${JSON.stringify(v)}`);
  });

  it('rejects unknown block types and inconsistent lists', () => {
    expect(() => resolveUNetConfig({ ...SD15, down_block_types: ['SimpleCrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'] }))
      .toThrow(/down_block_types\[0\] = "SimpleCrossAttnDownBlock2D" is not supported/);
    expect(() => resolveUNetConfig({ ...SD15, attention_head_dim: [8, 8] })).toThrow(/attention_head_dim = \[8,8\] must have one entry per block \(4\)/);
    expect(() => resolveUNetConfig({ ...SD15, attention_head_dim: 7 })).toThrow(/7 heads for 320 channels/);
    expect(() => resolveUNetConfig({ ...SD15, transformer_layers_per_block: [[1, 2], 1, 1, 1] }))
      .toThrow(/reverse_transformer_layers_per_block/);
  });
});

describe('resolveVaeConfig', () => {
  it('uses diffusers defaults and rejects other block types', () => {
    expect(resolveVaeConfig({ block_out_channels: [128, 256, 512, 512], down_block_types: Array(4).fill('DownEncoderBlock2D'), up_block_types: Array(4).fill('UpDecoderBlock2D') }))
      .toMatchObject({ inChannels: 3, latentChannels: 4, layersPerBlock: 1, normGroups: 32, useQuantConv: true, midBlockAddAttention: true });
    expect(() => resolveVaeConfig({ up_block_types: ['AttnUpDecoderBlock2D'] })).toThrow(/up_block_types\[0\] = "AttnUpDecoderBlock2D" is not supported/);
    expect(() => resolveVaeConfig({ act_fn: 'relu' })).toThrow(/act_fn = "relu"/);
  });
});
