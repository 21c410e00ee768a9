import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, loadFixture, maxAbs } from '../../testing/fixtures';
import { buildVaeDecoderGraph } from './buildVaeDecoderGraph';
import { buildVaeEncoderGraph } from './buildVaeEncoderGraph';
import { seededUniform, syntheticWeights } from './syntheticWeights.test-util';
import type { VaeConfig } from './vaeConfig';
import { mapWeightSource, safetensorsWeightSource } from './weightSource';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const config = JSON.parse(readFileSync(fixturePath('vae', 'config.json'), 'utf8')) as VaeConfig;
const weights = safetensorsWeightSource(new Uint8Array(readFileSync(fixturePath('vae', 'diffusion_pytorch_model.safetensors'))), 'vae/diffusion_pytorch_model.safetensors');

async function run(model: Uint8Array, name: string, data: Float32Array, dims: number[]) {
  const session = await ort.InferenceSession.create(model);
  try {
    return await session.run({ [name]: new ort.Tensor('float32', data, dims) });
  } finally {
    await session.release();
  }
}

describe('VAE graph builders: other configurations', () => {
  it('a decoder-only file builds the decoder, and static shapes match the reference', async () => {
    const decoderOnly = new Map(weights.names().filter((n) => !n.startsWith('encoder.') && !n.startsWith('quant_conv.')).map((n) => [n, weights.get(n)] as const));
    const g = buildVaeDecoderGraph(config, mapWeightSource(decoderOnly, 'vae-decoder-only'), { staticShape: { batch: 1, height: 4, width: 6 } });
    const fx = loadFixture('vae', 'io_decode_case1.safetensors');
    const out = await run(g.build(), 'latents', fx.float32('latents'), [1, 4, 4, 6]);
    expect(out.sample.dims).toEqual([1, 3, 8, 12]);
    expect(maxAbs(out.sample.data as Float32Array, fx.float32('sample'))).toBeLessThanOrEqual(1e-4);
  });

  it('a 3-level VAE without quant convs and mid attention, 2 layers per block: encoder floors odd sizes, decoder runs', async () => {
    const cfg: VaeConfig = {
      block_out_channels: [8, 16, 16], down_block_types: Array(3).fill('DownEncoderBlock2D'), up_block_types: Array(3).fill('UpDecoderBlock2D'),
      layers_per_block: 2, norm_num_groups: 4, latent_channels: 3, use_quant_conv: false, use_post_quant_conv: false, mid_block_add_attention: false,
    };
    const enc = syntheticWeights((w) => buildVaeEncoderGraph(cfg, w));
    expect(enc.names()).not.toContain('quant_conv.weight');
    expect(enc.names().some((n) => n.includes('attentions'))).toBe(false);
    const e = await run(buildVaeEncoderGraph(cfg, enc, { staticShape: { batch: 1, height: 17, width: 14 } }).build(), 'image', seededUniform(3 * 17 * 14, 5, 1), [1, 3, 17, 14]);
    expect(e.mean.dims).toEqual([1, 3, 4, 3]);
    const logvar = e.logvar.data as Float32Array;
    expect(maxAbs(e.std.data as Float32Array, logvar.map((v) => Math.exp(0.5 * v)))).toBeLessThanOrEqual(1e-5);
    const dec = syntheticWeights((w) => buildVaeDecoderGraph(cfg, w));
    const d = await run(buildVaeDecoderGraph(cfg, dec).build(), 'latents', seededUniform(3 * 5 * 3, 6, 1), [1, 3, 5, 3]);
    expect(d.sample.dims).toEqual([1, 3, 20, 12]);
    expect((d.sample.data as Float32Array).every(Number.isFinite)).toBe(true);
  });

  it('reads pre-0.14 attention names (query/key/value/proj_attn, as in the SD1.5 VAE file)', async () => {
    const renamed = new Map(weights.names().map((n) => [n
      .replace('attentions.0.to_q.', 'attentions.0.query.').replace('attentions.0.to_k.', 'attentions.0.key.')
      .replace('attentions.0.to_v.', 'attentions.0.value.').replace('attentions.0.to_out.0.', 'attentions.0.proj_attn.'), weights.get(n)] as const));
    expect(renamed.has('decoder.mid_block.attentions.0.proj_attn.bias')).toBe(true);
    const fx = loadFixture('vae', 'io_decode_case1.safetensors');
    const out = await run(buildVaeDecoderGraph(config, mapWeightSource(renamed, 'sd15-style-vae')).build(), 'latents', fx.float32('latents'), [1, 4, 4, 6]);
    expect(maxAbs(out.sample.data as Float32Array, fx.float32('sample'))).toBeLessThanOrEqual(1e-4);
    expect(() => buildVaeEncoderGraph(config, mapWeightSource(renamed, 'sd15-style-vae'))).not.toThrow();
  });

  it("ignores the other half's tensors but reports unknown ones", () => {
    const tensors = new Map(weights.names().map((n) => [n, weights.get(n)] as const));
    tensors.set('decoder.mid_block.attentions.0.rogue.weight', { data: new Float32Array(1), dims: [1] });
    expect(() => buildVaeEncoderGraph(config, mapWeightSource(tensors, 'old-vae.safetensors'))).not.toThrow();
    expect(() => buildVaeDecoderGraph(config, mapWeightSource(tensors, 'old-vae.safetensors')))
      .toThrow(/old-vae\.safetensors: weights do not match the config[\s\S]*unexpected tensors \(not used by the graph\) \(1\):\n {2}decoder\.mid_block\.attentions\.0\.rogue\.weight/);
    tensors.set('encoder.rogue', { data: new Float32Array(1), dims: [1] });
    expect(() => buildVaeEncoderGraph(config, mapWeightSource(tensors, 'old-vae.safetensors'))).toThrow(/unexpected tensors[\s\S]*encoder\.rogue/);
  });
});
