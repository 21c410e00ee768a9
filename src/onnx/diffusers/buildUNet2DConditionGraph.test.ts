import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, loadFixture, maxAbs } from '../../testing/fixtures';
import { readModel } from '../readModel';
import { buildUNet2DConditionGraph, type UNetGraphOptions } from './buildUNet2DConditionGraph';
import { seededUniform, syntheticWeights } from './syntheticWeights.test-util';
import type { UNetConfig } from './unetConfig';
import { WeightMismatchError } from './weightReader';
import { mapWeightSource, safetensorsWeightSource, type WeightSource, type WeightTensor } from './weightSource';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const config = JSON.parse(readFileSync(fixturePath('unet', 'config.json'), 'utf8')) as UNetConfig;
const weights = safetensorsWeightSource(new Uint8Array(readFileSync(fixturePath('unet', 'diffusion_pytorch_model.safetensors'))), 'unet/diffusion_pytorch_model.safetensors');
const case0 = loadFixture('unet', 'io_case0.safetensors');

async function runUNet(cfg: UNetConfig, w: WeightSource, feeds: Record<string, WeightTensor>, options: UNetGraphOptions = {}) {
  const session = await ort.InferenceSession.create(buildUNet2DConditionGraph(cfg, w, { sequenceLength: 'free', ...options }).build());
  try {
    const t = (x: WeightTensor) => new ort.Tensor('float32', x.data, [...x.dims]);
    const out = await session.run({ sample: t(feeds.sample), timestep: t(feeds.timestep), encoder_hidden_states: t(feeds.encoder_hidden_states) });
    return out.noise_pred;
  } finally {
    await session.release();
  }
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const fixtureFeeds = () => Object.fromEntries(['sample', 'timestep', 'encoder_hidden_states'].map((n) => [n, { data: case0.float32(n), dims: case0.shape(n) }]));

describe('buildUNet2DConditionGraph: other configurations', () => {
  it('use_linear_projection with the 1×1 conv weights as Linear weights reproduces the reference', async () => {
    // proj_in/proj_out as Linear [C, C] hold the same numbers as the 1×1 convs [C, C, 1, 1]: same function.
    const tensors = new Map<string, WeightTensor>();
    for (const name of weights.names()) {
      const t = weights.get(name);
      const isProj = /\.proj_(in|out)\.weight$/.test(name);
      tensors.set(name, isProj ? { data: t.data, dims: t.dims.slice(0, 2) } : t);
    }
    const out = await runUNet({ ...config, use_linear_projection: true }, mapWeightSource(tensors, 'linear-proj'), fixtureFeeds());
    expect(maxAbs(out.data as Float32Array, case0.float32('noise_pred'))).toBeLessThanOrEqual(1e-4);
  });

  it('static shapes give the same result as free dimensions', async () => {
    const out = await runUNet(config, weights, fixtureFeeds(), { staticShape: { batch: 2, height: 8, width: 8 }, sequenceLength: 77 });
    expect(out.dims).toEqual([2, 4, 8, 8]);
    expect(maxAbs(out.data as Float32Array, case0.float32('noise_pred'))).toBeLessThanOrEqual(1e-4);
  });

  it('fp16 + MultiHeadAttention with weights in external data loads in onnxruntime-web and stays near the reference', async () => {
    const { model, externalFiles } = buildUNet2DConditionGraph(config, weights, { precision: 'fp16', attention: 'mha', sequenceLength: 'free' })
      .build({ externalData: { fileName: 'unet.onnx_data', minBytes: 1024 } });
    expect(externalFiles.length).toBeGreaterThan(0);
    const dtypeOf = new Map(readModel(model).initializers.map((i) => [i.name, i.dtype]));
    // fp16 storage for convs/linears, fp32 for normalisation parameters and the timestep frequencies.
    expect(dtypeOf.get('down_blocks.0.resnets.0.conv1.weight')).toBe('float16');
    expect(dtypeOf.get('mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight')).toBe('float16');
    expect(dtypeOf.get('down_blocks.0.resnets.0.norm1.weight')).toBe('float32');
    expect(dtypeOf.get('mid_block.attentions.0.transformer_blocks.0.norm3.bias')).toBe('float32');
    expect(dtypeOf.get('time_proj.freqs')).toBe('float32');
    expect(readModel(model).inputs.map((i) => i.dtype)).toEqual(['float32', 'float32', 'float32']);
    const session = await ort.InferenceSession.create(model, { externalData: externalFiles.map((f) => ({ path: f.path, data: concatBytes(f.bytes) })) });
    try {
      const f = fixtureFeeds();
      const t = (x: WeightTensor) => new ort.Tensor('float32', x.data, [...x.dims]);
      const out = await session.run({ sample: t(f.sample), timestep: t(f.timestep), encoder_hidden_states: t(f.encoder_hidden_states) });
      expect(maxAbs(out.noise_pred.data as Float32Array, case0.float32('noise_pred'))).toBeLessThanOrEqual(5e-2);
    } finally {
      await session.release();
    }
  });

  it('odd latent sizes upsample to the skip size (diffusers upsample_size)', async () => {
    const feeds = {
      sample: { data: seededUniform(4 * 9 * 7, 1, 1), dims: [1, 4, 9, 7] },
      timestep: { data: new Float32Array([500]), dims: [1] },
      encoder_hidden_states: { data: seededUniform(77 * 32, 2, 1), dims: [1, 77, 32] },
    };
    const out = await runUNet(config, weights, feeds);
    expect(out.dims).toEqual([1, 4, 9, 7]);
    expect((out.data as Float32Array).every(Number.isFinite)).toBe(true);
  });

  it('a 3-level UNet (2 layers per block, 2 transformer layers, per-block heads, linear projection) runs; plain and MHA attention agree', async () => {
    const cfg: UNetConfig = {
      block_out_channels: [16, 32, 32], down_block_types: ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'],
      up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'], layers_per_block: 2, attention_head_dim: [2, 4, 4],
      transformer_layers_per_block: 2, cross_attention_dim: 24, norm_num_groups: 8, use_linear_projection: true, in_channels: 4, out_channels: 4,
      freq_shift: 1, flip_sin_to_cos: false, mid_block_scale_factor: 1.4142,
    };
    const w = syntheticWeights((src) => buildUNet2DConditionGraph(cfg, src));
    expect(w.names()).toContain('down_blocks.1.attentions.1.transformer_blocks.1.attn2.to_k.weight');
    expect(w.shape('up_blocks.2.resnets.2.conv1.weight')).toEqual([16, 32, 3, 3]);
    const feeds = {
      sample: { data: seededUniform(2 * 4 * 12 * 10, 3, 1), dims: [2, 4, 12, 10] },
      timestep: { data: new Float32Array([999, 0.5]), dims: [2] },
      encoder_hidden_states: { data: seededUniform(2 * 5 * 24, 4, 1), dims: [2, 5, 24] },
    };
    const plain = await runUNet(cfg, w, feeds);
    const mha = await runUNet(cfg, w, feeds, { attention: 'mha' });
    expect(plain.dims).toEqual([2, 4, 12, 10]);
    expect((plain.data as Float32Array).every(Number.isFinite)).toBe(true);
    expect(maxAbs(plain.data as Float32Array, mha.data as Float32Array)).toBeLessThanOrEqual(1e-4);
  });
});

describe('buildUNet2DConditionGraph: weight checks', () => {
  it('names the file and every missing, unexpected and mis-shaped tensor', () => {
    const tensors = new Map(weights.names().map((n) => [n, weights.get(n)] as const));
    tensors.delete('mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight');
    tensors.set('mid_block.attentions.0.extra.weight', { data: new Float32Array(1), dims: [1] });
    const bias = tensors.get('conv_in.bias')!;
    tensors.set('conv_in.bias', { data: bias.data.subarray(0, 16), dims: [16] });
    let err: unknown;
    try {
      buildUNet2DConditionGraph(config, mapWeightSource(tensors, 'unet/broken.safetensors'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WeightMismatchError);
    const m = err as WeightMismatchError;
    expect(m.missing).toEqual([{ name: 'mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight', dims: [64, 32] }]);
    expect(m.extra).toEqual(['mid_block.attentions.0.extra.weight']);
    expect(m.shapeMismatches).toEqual([{ name: 'conv_in.bias', dims: [32], fileDims: [16] }]);
    expect(m.message).toMatch(/^unet\/broken\.safetensors: weights do not match the config/);
    expect(m.message).toContain('conv_in.bias: file has [16], config implies [32]');
  });

  it('reports shape mismatches when the config does not describe the file', () => {
    expect(() => buildUNet2DConditionGraph({ ...config, cross_attention_dim: 48 }, weights))
      .toThrow(/attn2\.to_k\.weight: file has \[32, 32\], config implies \[32, 48\]/);
  });
});
