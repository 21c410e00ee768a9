/**
 * The importer on the fixtures' real tiny models (fixtures/unet, fixtures/vae, fixtures/text_encoder,
 * computed by diffusers/transformers) plus a tiny ArcFace exported with insightface-style IO names:
 * every component of the imported pack reproduces the fixture references within fixtures/README's
 * 1e-4, the constants equal Arc2Face's token embeddings and negative branch, and the ArcFace IO is renamed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, toFloat32, type SafetensorsFile } from '../../io/safetensors';
import { torchStateDictPickle, torchZip, leBytes, type TorchTensorSpec } from '../../io/pytorchCheckpointWriter.test-util';
import type { AssembledPack } from '../../packs/assemblePack';
import { buildTinyArcFaceModel } from '../../packs/builtin/arc2faceTinyArcFace';
import { readModel } from '../readModel';
import { importArc2FacePack, type Arc2FaceImportSources } from './importArc2FacePack';
import { bytesFile, memoryFolder } from './importSources';

ort.env.wasm.numThreads = 1;
const FIX = join(__dirname, '../../../fixtures');

function folder(name: string, dir: string, only?: (file: string) => boolean) {
  const files = new Map(readdirSync(join(FIX, dir)).filter((f) => (only ? only(f) : true)).map((f) => [f, new Uint8Array(readFileSync(join(FIX, dir, f)))]));
  return memoryFolder(name, files);
}

function fixtureSources(): Arc2FaceImportSources {
  const weightsOnly = (f: string) => f === 'config.json' || !f.startsWith('io_');
  return {
    unet: folder('arc2face', 'unet', weightsOnly),
    encoder: folder('encoder', 'text_encoder', weightsOnly),
    vae: folder('vae', 'vae', weightsOnly),
    arcface: bytesFile('arcface.onnx', buildTinyArcFaceModel({ inputName: 'input.1', outputName: '683' })),
  };
}

const fixture = (path: string) => readSafetensors(new Uint8Array(readFileSync(join(FIX, path))));
const t32 = (f: SafetensorsFile, n: string) => toFloat32(f.tensors.get(n)!.dtype, f.tensors.get(n)!.data);

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

let pack: AssembledPack;
beforeAll(async () => {
  pack = await importArc2FacePack(fixtureSources(), { id: 'arc2face-fixture-test', testOnly: true });
}, 60_000);

function constant(p: AssembledPack, name: string): Float32Array {
  const b = p.files.get(p.manifest.constants![name].file)!;
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

async function run(p: AssembledPack, component: string, feeds: Record<string, Float32Array | { data: Float32Array; dims: readonly number[] }>, dims?: Record<string, readonly number[]>) {
  const session = await ort.InferenceSession.create(p.files.get(p.manifest.components[component].file)!);
  try {
    const f = Object.fromEntries(Object.entries(feeds).map(([k, v]) => (v instanceof Float32Array ? [k, new ort.Tensor('float32', v, [...dims![k]])] : [k, new ort.Tensor('float32', v.data, [...v.dims])])));
    const out = await session.run(f);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

describe('importArc2FacePack on the fixtures’ reference models', () => {
  it('UNet noise_pred matches diffusers (io_case0, io_case1) ≤ 1e-4', async () => {
    for (const c of ['io_case0', 'io_case1']) {
      const f = fixture(`unet/${c}.safetensors`);
      const sample = f.tensors.get('sample')!;
      let timestep = t32(f, 'timestep');
      if (timestep.length !== sample.shape[0]) timestep = new Float32Array(sample.shape[0]).fill(timestep[0]);
      const out = await run(pack, 'unet', {
        sample: { data: t32(f, 'sample'), dims: sample.shape },
        timestep: { data: timestep, dims: [sample.shape[0]] },
        encoder_hidden_states: { data: t32(f, 'encoder_hidden_states'), dims: f.tensors.get('encoder_hidden_states')!.shape },
      });
      expect(maxAbs(out.noise_pred, t32(f, 'noise_pred'))).toBeLessThanOrEqual(1e-4);
    }
  });

  it('VAE decoder sample and encoder mean/logvar/std match diffusers ≤ 1e-4', async () => {
    for (const c of ['io_decode_case0', 'io_decode_case1']) {
      const f = fixture(`vae/${c}.safetensors`);
      const out = await run(pack, 'vaeDecoder', { latents: { data: t32(f, 'latents'), dims: f.tensors.get('latents')!.shape } });
      expect(maxAbs(out.sample, t32(f, 'sample'))).toBeLessThanOrEqual(1e-4);
    }
    const f = fixture('vae/io_encode_case0.safetensors');
    const out = await run(pack, 'vaeEncoder', { image: { data: t32(f, 'image'), dims: f.tensors.get('image')!.shape } });
    for (const n of ['mean', 'logvar', 'std']) expect(maxAbs(out[n], t32(f, n))).toBeLessThanOrEqual(1e-4);
  });

  it('text encoder + constants reproduce Arc2Face project_face_embs and the negative branch ≤ 1e-4', async () => {
    const f = fixture('text_encoder/io_arc2face.safetensors');
    const prompt = constant(pack, 'promptTokenEmbeddings');
    const placeholder = pack.manifest.preprocessing!.placeholderIndex as number;
    expect(placeholder).toBe(4);
    for (let k = 0; f.tensors.has(`encoder_hidden_states_${k}`); k++) {
      const embeds = prompt.slice();
      // The engine's injection: the normalised id zero-padded to hidden size at the placeholder row.
      embeds.fill(0, placeholder * 32, placeholder * 32 + 32);
      embeds.set(t32(f, `id_embedding_normalized_${k}`), placeholder * 32);
      expect(maxAbs(embeds, t32(f, `input_token_embs_${k}`))).toBe(0);
      const out = await run(pack, 'textEncoder', { inputs_embeds: { data: embeds, dims: [1, 77, 32] } });
      expect(maxAbs(out.last_hidden_state, t32(f, `encoder_hidden_states_${k}`))).toBeLessThanOrEqual(1e-4);
    }
    expect(maxAbs(constant(pack, 'uncondEmbedding'), t32(f, 'negative_encoder_hidden_states'))).toBeLessThanOrEqual(1e-4);
  });

  it('renames the ArcFace IO (input.1 / 683 → input / embedding) and keeps its outputs', async () => {
    const summary = readModel(pack.files.get('arcface.onnx')!);
    expect(summary.inputs.map((i) => i.name)).toEqual(['input']);
    expect(summary.outputs.map((o) => o.name)).toEqual(['embedding']);
    const x = Float32Array.from({ length: 3 * 112 * 112 }, (_, i) => Math.cos(i * 0.01));
    const renamed = (await run(pack, 'arcface', { input: { data: x, dims: [1, 3, 112, 112] } })).embedding;
    const session = await ort.InferenceSession.create(buildTinyArcFaceModel({ inputName: 'input.1', outputName: '683' }));
    const original = (await session.run({ 'input.1': new ort.Tensor('float32', x, [1, 3, 112, 112]) }))['683'].data as Float32Array;
    await session.release();
    expect(Array.from(renamed)).toEqual(Array.from(original));
    expect(pack.manifest.preprocessing).toMatchObject({ idDim: 16, resolution: 16, hiddenSize: 32, crossAttentionDim: 32 });
  });

  it('reads the encoder from pytorch_model.bin (restricted unpickler) with the same result', async () => {
    const st = fixture('text_encoder/model.safetensors');
    const specs: TorchTensorSpec[] = [];
    const storages: Record<string, Uint8Array> = {};
    [...st.tensors].forEach(([key, t], i) => {
      const n = t.shape.reduce((a, b) => a * b, 1);
      const stride = t.shape.map((_, d) => t.shape.slice(d + 1).reduce((a, b) => a * b, 1));
      specs.push({ key, storageType: 'FloatStorage', storageKey: String(i), numel: n, offset: 0, size: [...t.shape], stride });
      storages[String(i)] = leBytes(toFloat32(t.dtype, t.data));
    });
    const bin = torchZip(torchStateDictPickle(specs), storages, 'pytorch_model');
    const sources = fixtureSources();
    sources.encoder = memoryFolder('encoder', { 'config.json': new Uint8Array(readFileSync(join(FIX, 'text_encoder/config.json'))), 'pytorch_model.bin': bin });
    const fromBin = await importArc2FacePack(sources, { id: 'arc2face-bin-test' });
    expect(Array.from(constant(fromBin, 'uncondEmbedding'))).toEqual(Array.from(constant(pack, 'uncondEmbedding')));
    expect(Array.from(constant(fromBin, 'promptTokenEmbeddings'))).toEqual(Array.from(constant(pack, 'promptTokenEmbeddings')));
  }, 60_000);

  it('fp16 import: fp16 graphs stay close to the fp32 references', async () => {
    const half = await importArc2FacePack(fixtureSources(), { id: 'arc2face-fp16-test', precision: 'fp16' });
    expect(half.manifest.components.unet.precision).toBe('fp16');
    expect(half.files.get('unet.onnx')!.byteLength).toBeLessThan(pack.files.get('unet.onnx')!.byteLength * 0.6);
    const f = fixture('vae/io_decode_case1.safetensors');
    const out = await run(half, 'vaeDecoder', { latents: { data: t32(f, 'latents'), dims: f.tensors.get('latents')!.shape } });
    expect(maxAbs(out.sample, t32(f, 'sample'))).toBeLessThanOrEqual(5e-2);
    expect(maxAbs(constant(half, 'uncondEmbedding'), constant(pack, 'uncondEmbedding'))).toBeLessThanOrEqual(5e-2);
  }, 60_000);
});
