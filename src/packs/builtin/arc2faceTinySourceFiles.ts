/**
 * @file The "official files" of a tiny random-weight Arc2Face, laid out exactly like the real ones
 * (diffusers `arc2face/` and `vae/` folders, transformers `encoder/` folder, `arcface.onnx`), so the
 * `arc2face-tiny` pack goes through the real importer. Shapes: text encoder as fixtures/text_encoder
 * (hidden 32, vocab 3000), UNet as fixtures/unet with sample_size 8, VAE with four blocks so an 8×8
 * latent decodes to 64×64 (the real 8× factor), ArcFace with D = 16.
 *
 * Tensor names and shapes are not listed by hand: each diffusers builder is run once against an empty
 * weight source and its WeightMismatchError lists every tensor it needs with its shape.
 */
import { writeSafetensors, type SafetensorsTensorInput } from '../../io/safetensorsWriter';
import { buildUNet2DConditionGraph } from '../../onnx/diffusers/buildUNet2DConditionGraph';
import { buildVaeDecoderGraph } from '../../onnx/diffusers/buildVaeDecoderGraph';
import { buildVaeEncoderGraph } from '../../onnx/diffusers/buildVaeEncoderGraph';
import { WeightMismatchError, type ExpectedTensor } from '../../onnx/diffusers/weightReader';
import { mapWeightSource, type WeightSource } from '../../onnx/diffusers/weightSource';
import { expectedClipTextTensors } from '../../onnx/importer/checkClipTextWeights';
import { parseClipTextConfig } from '../../onnx/transformers/clipTextConfig';
import { buildTinyArcFaceModel } from './arc2faceTinyArcFace';
import { seededUniform } from './arc2faceTinySeededUniform';

/** transformers CLIPTextConfig, as fixtures/text_encoder/config.json. */
export const ARC2FACE_TINY_TEXT_CONFIG = {
  architectures: ['CLIPTextModel'], attention_dropout: 0.0, bos_token_id: 0, eos_token_id: 2, hidden_act: 'quick_gelu',
  hidden_size: 32, initializer_factor: 1.0, initializer_range: 0.02, intermediate_size: 37, layer_norm_eps: 1e-5,
  max_position_embeddings: 77, model_type: 'clip_text_model', num_attention_heads: 4, num_hidden_layers: 2, pad_token_id: 1,
  projection_dim: 32, torch_dtype: 'float32', transformers_version: '4.36.0.dev0', vocab_size: 3000,
};

/** diffusers UNet2DConditionModel config, as fixtures/unet/config.json (sample_size 8). */
export const ARC2FACE_TINY_UNET_CONFIG = {
  _class_name: 'UNet2DConditionModel', _diffusers_version: '0.29.2', act_fn: 'silu', addition_embed_type: null,
  addition_embed_type_num_heads: 64, addition_time_embed_dim: null, attention_head_dim: 8, attention_type: 'default',
  block_out_channels: [32, 64], center_input_sample: false, class_embed_type: null, class_embeddings_concat: false,
  conv_in_kernel: 3, conv_out_kernel: 3, cross_attention_dim: 32, cross_attention_norm: null,
  down_block_types: ['CrossAttnDownBlock2D', 'DownBlock2D'], downsample_padding: 1, dropout: 0.0, dual_cross_attention: false,
  encoder_hid_dim: null, encoder_hid_dim_type: null, flip_sin_to_cos: true, freq_shift: 0, in_channels: 4, layers_per_block: 1,
  mid_block_only_cross_attention: null, mid_block_scale_factor: 1, mid_block_type: 'UNetMidBlock2DCrossAttn', norm_eps: 1e-5,
  norm_num_groups: 32, num_attention_heads: null, num_class_embeds: null, only_cross_attention: false, out_channels: 4,
  projection_class_embeddings_input_dim: null, resnet_out_scale_factor: 1.0, resnet_skip_time_act: false,
  resnet_time_scale_shift: 'default', reverse_transformer_layers_per_block: null, sample_size: 8, time_cond_proj_dim: null,
  time_embedding_act_fn: null, time_embedding_dim: null, time_embedding_type: 'positional', timestep_post_act: null,
  transformer_layers_per_block: 1, up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D'], upcast_attention: false, use_linear_projection: false,
};

/** diffusers AutoencoderKL config like fixtures/vae but with four blocks (3 up/downsamplings = SD's 8×). */
export const ARC2FACE_TINY_VAE_CONFIG = {
  _class_name: 'AutoencoderKL', _diffusers_version: '0.29.2', act_fn: 'silu', block_out_channels: [32, 32, 32, 32],
  down_block_types: ['DownEncoderBlock2D', 'DownEncoderBlock2D', 'DownEncoderBlock2D', 'DownEncoderBlock2D'],
  force_upcast: true, in_channels: 3, latent_channels: 4, latents_mean: null, latents_std: null, layers_per_block: 1,
  norm_num_groups: 32, out_channels: 3, sample_size: 64, scaling_factor: 0.18215, shift_factor: null,
  up_block_types: ['UpDecoderBlock2D', 'UpDecoderBlock2D', 'UpDecoderBlock2D', 'UpDecoderBlock2D'],
  use_post_quant_conv: true, use_quant_conv: true,
};

/** Folder name → file name → bytes, plus the ArcFace model. */
export interface TinyArc2FaceFiles {
  unet: Map<string, Uint8Array>;
  encoder: Map<string, Uint8Array>;
  vae: Map<string, Uint8Array>;
  arcface: Uint8Array;
}

/** Config keys to change from the tiny defaults (e.g. wider blocks for a larger test model). */
export interface TinyArc2FaceOverrides {
  unet?: Record<string, unknown>;
  text?: Record<string, unknown>;
  vae?: Record<string, unknown>;
}

/** Writes the tiny model's files (deterministic: same bytes every run); `overrides` scale it for tests that need size. */
export function buildArc2FaceTinySourceFiles(overrides: TinyArc2FaceOverrides = {}): TinyArc2FaceFiles {
  const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o, null, 2) + '\n');
  const unetConfig = { ...ARC2FACE_TINY_UNET_CONFIG, ...overrides.unet };
  const textConfig = { ...ARC2FACE_TINY_TEXT_CONFIG, ...overrides.text };
  const vaeConfig = { ...ARC2FACE_TINY_VAE_CONFIG, ...overrides.vae };
  const text = expectedClipTextTensors(parseClipTextConfig(textConfig)).map((t) => ({ ...t, name: `text_model.${t.name}` }));
  const unet = requiredTensors((w) => buildUNet2DConditionGraph(unetConfig, w));
  const vae = [
    ...requiredTensors((w) => buildVaeDecoderGraph(vaeConfig, w)),
    ...requiredTensors((w) => buildVaeEncoderGraph(vaeConfig, w)),
  ];
  const meta = { format: 'pt' };
  return {
    unet: new Map([['config.json', json(unetConfig)], ['diffusion_pytorch_model.safetensors', writeSafetensors(randomTensors(unet, 100), meta)]]),
    encoder: new Map([['config.json', json(textConfig)], ['model.safetensors', writeSafetensors(randomTensors(text, 200), meta)]]),
    vae: new Map([['config.json', json(vaeConfig)], ['diffusion_pytorch_model.safetensors', writeSafetensors(randomTensors(vae, 300), meta)]]),
    arcface: buildTinyArcFaceModel(),
  };
}

/** Every tensor `build` consumes, with its shape, in the order the builder asks for them. */
function requiredTensors(build: (w: WeightSource) => unknown): ExpectedTensor[] {
  try {
    build(mapWeightSource(new Map(), 'empty'));
  } catch (e) {
    if (e instanceof WeightMismatchError) return e.missing;
    throw e;
  }
  throw new Error('arc2face-tiny: the builder needed no weights');
}

/**
 * Seeded weights with trained-model-like scales: matrices/kernels uniform ±1/√fan_in (activations keep
 * their size through the layers), norm scales 1 ± 0.1, biases ±0.1 (non-zero so a mis-mapped bias shows).
 */
function randomTensors(expected: readonly ExpectedTensor[], seed: number): Map<string, SafetensorsTensorInput> {
  const out = new Map<string, SafetensorsTensorInput>();
  expected.forEach(({ name, dims }, i) => {
    if (out.has(name)) return; // the VAE lists are concatenated; shared names never occur, but be safe
    const n = dims.reduce((a, b) => a * b, 1);
    const fanIn = dims.length > 1 ? n / dims[0] : 1;
    const data = seededUniform(n, seed * 1000 + i, dims.length > 1 ? 1 / Math.sqrt(fanIn) : 0.1);
    if (dims.length === 1 && name.endsWith('.weight')) data.forEach((v, j) => (data[j] = 1 + v));
    out.set(name, { dtype: 'F32', shape: dims, data });
  });
  return out;
}
