/**
 * @file Generates the `bench` pack (text encoder, UNet, VAE decoder with seeded random weights; see
 * benchPackConfig.ts) plus `matmul.onnx`, the compute reference. Deterministic: the same generator
 * version gives byte-identical files. The UNet keeps its weights in external data, as a real
 * SD-1.5 pack must (browser-anchors.md §2.6), so pack-load figures exercise the same path.
 */
import { buildUNet2DConditionGraph, buildVaeDecoderGraph } from '../onnx/diffusers';
import { GraphBuilder } from '../onnx/graphBuilder';
import { buildClipTextEncoderGraph } from '../onnx/transformers/buildClipTextEncoderGraph';
import type { WeightMap, WeightTensor } from '../onnx/transformers/clipTextWeights';
import { assemblePack, type AssembledPack } from '../packs/assemblePack';
import { PACK_FORMAT, PACK_FORMAT_VERSION } from '../packs/manifest';
import {
  BENCH_BATCH, BENCH_GENERATOR_VERSION, BENCH_LATENT, BENCH_MATMUL_N, BENCH_PACK_ID, BENCH_SCHEDULER_CONFIG, BENCH_SEQUENCE,
  BENCH_TEXT_CONFIG, BENCH_TEXT_WIDTH, BENCH_UNET_CONFIG, BENCH_VAE_CONFIG,
} from './benchPackConfig';
import { seededTensor, seededUniform, seededWeightsFor } from './seededWeights';

/** The bench pack plus files that are not pack components. */
export interface BenchPackFiles {
  pack: AssembledPack;
  /** `matmul.onnx`: x [n, n] × W [n, n] → y. */
  matmul: Uint8Array;
}

const unetOptions = { staticShape: { batch: BENCH_BATCH, height: BENCH_LATENT, width: BENCH_LATENT }, sequenceLength: BENCH_SEQUENCE } as const;
const vaeOptions = { staticShape: { batch: 1, height: BENCH_LATENT, width: BENCH_LATENT } } as const;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** CLIPTextModel parameters by state_dict name for {@link BENCH_TEXT_CONFIG}. */
function clipWeights(): WeightMap {
  const h = BENCH_TEXT_CONFIG.hidden_size;
  const m = BENCH_TEXT_CONFIG.intermediate_size;
  const shapes: [string, number[]][] = [
    ['embeddings.token_embedding.weight', [BENCH_TEXT_CONFIG.vocab_size, h]],
    ['embeddings.position_embedding.weight', [BENCH_SEQUENCE, h]],
  ];
  for (let i = 0; i < BENCH_TEXT_CONFIG.num_hidden_layers; i++) {
    const p = `encoder.layers.${i}.`;
    for (const proj of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) shapes.push([`${p}self_attn.${proj}.weight`, [h, h]], [`${p}self_attn.${proj}.bias`, [h]]);
    shapes.push([`${p}layer_norm1.weight`, [h]], [`${p}layer_norm1.bias`, [h]], [`${p}layer_norm2.weight`, [h]], [`${p}layer_norm2.bias`, [h]]);
    shapes.push([`${p}mlp.fc1.weight`, [m, h]], [`${p}mlp.fc1.bias`, [m]], [`${p}mlp.fc2.weight`, [h, m]], [`${p}mlp.fc2.bias`, [h]]);
  }
  shapes.push(['final_layer_norm.weight', [h]], ['final_layer_norm.bias', [h]]);
  const out = new Map<string, WeightTensor>();
  shapes.forEach(([name, dims], i) => out.set(`text_model.${name}`, { shape: dims, data: seededTensor(name, dims, 104729 + i) }));
  return out;
}

/** `y = x · W` with n×n operands: the runtime's best case (one big GEMM). */
export function buildMatmulModel(n = BENCH_MATMUL_N): Uint8Array {
  const g = new GraphBuilder({ name: 'bench_matmul' });
  const x = g.input('x', 'float32', [n, n]);
  const w = g.initializer('w', { dtype: 'float32', dims: [n, n], data: seededUniform(n * n, 31337, 1 / Math.sqrt(n)) });
  g.output(g.node('MatMul', [x, w]), 'float32', [n, n], 'y');
  return g.build();
}

/** Builds every file of the bench pack (a few seconds: ~35 M random weights). */
export async function buildBenchPack(): Promise<BenchPackFiles> {
  const files = new Map<string, Uint8Array>();

  const text = buildClipTextEncoderGraph(BENCH_TEXT_CONFIG, clipWeights(), { input: 'inputs_embeds', batch: 1, sequenceLength: BENCH_SEQUENCE });
  files.set('text_encoder.onnx', text.model);

  const unetWeights = seededWeightsFor((w) => buildUNet2DConditionGraph(BENCH_UNET_CONFIG, w, unetOptions), 'bench-unet');
  const unet = buildUNet2DConditionGraph(BENCH_UNET_CONFIG, unetWeights, unetOptions).build({ externalData: { fileName: 'unet.onnx_data' } });
  files.set('unet.onnx', unet.model);
  for (const f of unet.externalFiles) files.set(f.path, concat(f.bytes, f.byteLength));

  const vaeWeights = seededWeightsFor((w) => buildVaeDecoderGraph(BENCH_VAE_CONFIG, w, vaeOptions), 'bench-vae');
  files.set('vae_decoder.onnx', buildVaeDecoderGraph(BENCH_VAE_CONFIG, vaeWeights, vaeOptions).build());

  const image = BENCH_LATENT * 8;
  const pack = await assemblePack(
    {
      format: PACK_FORMAT,
      formatVersion: PACK_FORMAT_VERSION,
      id: BENCH_PACK_ID,
      name: 'Benchmark (SD-1.5 topology, random weights)',
      version: `${BENCH_GENERATOR_VERSION}.0.0`,
      kind: 'bench',
      description:
        `Stable Diffusion 1.5's UNet topology at 1/5 width (block_out_channels ${BENCH_UNET_CONFIG.block_out_channels!.join('/')}), ` +
        `latent ${BENCH_LATENT}² (${image}² image), CFG batch ${BENCH_BATCH}; CLIP text encoder and VAE decoder of matching shape. ` +
        'Random weights: for timing only, its images are noise.',
      testOnly: true,
      licences: [{ name: 'MIT', appliesTo: 'all files (generated by Digi2Real Studio)' }],
      source: `generated by Digi2Real Studio (src/bench/buildBenchPack.ts, generator v${BENCH_GENERATOR_VERSION})`,
      components: {
        textEncoder: {
          file: 'text_encoder.onnx',
          inputs: [{ name: 'inputs_embeds', dtype: 'float32', shape: [1, BENCH_SEQUENCE, BENCH_TEXT_WIDTH] }],
          outputs: [{ name: 'last_hidden_state', dtype: 'float32', shape: [1, BENCH_SEQUENCE, BENCH_TEXT_WIDTH] }],
          precision: 'fp32',
        },
        unet: {
          file: 'unet.onnx',
          externalData: unet.externalFiles.map((f) => ({ file: f.path })),
          inputs: [
            { name: 'sample', dtype: 'float32', shape: [BENCH_BATCH, 4, BENCH_LATENT, BENCH_LATENT] },
            { name: 'timestep', dtype: 'float32', shape: [BENCH_BATCH] },
            { name: 'encoder_hidden_states', dtype: 'float32', shape: [BENCH_BATCH, BENCH_SEQUENCE, BENCH_TEXT_WIDTH] },
          ],
          outputs: [{ name: 'noise_pred', dtype: 'float32', shape: [BENCH_BATCH, 4, BENCH_LATENT, BENCH_LATENT] }],
          precision: 'fp32',
        },
        vaeDecoder: {
          file: 'vae_decoder.onnx',
          inputs: [{ name: 'latents', dtype: 'float32', shape: [1, 4, BENCH_LATENT, BENCH_LATENT] }],
          outputs: [{ name: 'sample', dtype: 'float32', shape: [1, 3, image, image] }],
          precision: 'fp32',
        },
      },
      scheduler: { ...BENCH_SCHEDULER_CONFIG },
    },
    files,
  );
  return { pack, matmul: buildMatmulModel() };
}
