/**
 * The `arc2face-tiny` built-in pack: manifest contract (component IO names, constants, preprocessing,
 * scheduler, controls, licences), every component loads and runs in onnxruntime-web with the shapes
 * the pipeline expects, and uncondEmbedding is the text encoder's output for the empty prompt.
 */
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyPromptIds } from '../../engine/conditioning/arc2facePromptIds';
import { embedTokens } from '../../engine/conditioning/embedTokens';
import { COMPONENT_IO } from '../../engine/pipeline/modelRunner';
import { parseSchedulerConfigJson, resolveSchedulerConfig } from '../../engine/schedulers/config';
import { readSafetensors, toFloat32 } from '../../io/safetensors';
import { idsForVocab } from '../../onnx/importer/importArc2FacePack';
import type { AssembledPack } from '../assemblePack';
import { ARC2FACE_TINY_ID_DIM, buildTinyArcFaceModel } from './arc2faceTinyArcFace';
import { buildArc2FaceTinyPack } from './arc2faceTinyPack';
import { buildArc2FaceTinySourceFiles } from './arc2faceTinySourceFiles';
import { builtinPacks } from './registry';

ort.env.wasm.numThreads = 1;

let pack: AssembledPack;
const progress: string[] = [];
beforeAll(async () => {
  pack = await buildArc2FaceTinyPack({ onProgress: (p) => progress.push(`${p.stage}:${p.component}`) });
}, 60_000);

function f32(name: string): Float32Array {
  const bytes = pack.files.get(name)!;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

async function run(component: string, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(pack.files.get(pack.manifest.components[component].file)!);
  try {
    return await session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)])));
  } finally {
    await session.release();
  }
}

const ramp = (n: number, k = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 * k) * 0.8);

describe('arc2face-tiny pack', () => {
  it('is registered as a built-in pack', () => {
    expect(builtinPacks.map((p) => p.id)).toContain('arc2face-tiny');
  });

  it('manifest: kind, test-only labelling, MIT licence, sizes tiny', () => {
    const m = pack.manifest;
    expect(m.id).toBe('arc2face-tiny');
    expect(m.kind).toBe('arc2face');
    expect(m.testOnly).toBe(true);
    expect(m.description).toMatch(/random weights/i);
    expect(m.description).toMatch(/test pack/i);
    expect(m.licences.map((l) => l.name)).toEqual(['MIT']);
    const total = [...pack.files.values()].reduce((a, b) => a + b.byteLength, 0);
    expect(total).toBeLessThan(8 * 1024 * 1024);
    expect(progress).toContain('build:unet');
    expect(progress).toContain('constants:constants');
  });

  it('components have exactly the contract IO names the pipeline uses', () => {
    const c = pack.manifest.components;
    const names = (list: { name: string }[]) => list.map((x) => x.name);
    expect(Object.keys(c).sort()).toEqual(['arcface', 'textEncoder', 'unet', 'vaeDecoder', 'vaeEncoder']);
    expect(names(c.textEncoder.inputs)).toEqual([COMPONENT_IO.textEncoder.input]);
    expect(c.textEncoder.inputs[0].shape).toEqual([1, 77, 32]);
    expect(names(c.textEncoder.outputs)).toEqual([COMPONENT_IO.textEncoder.output]);
    expect(names(c.unet.inputs)).toEqual([COMPONENT_IO.unet.sample, COMPONENT_IO.unet.timestep, COMPONENT_IO.unet.encoderHiddenStates]);
    expect(names(c.unet.outputs)).toEqual([COMPONENT_IO.unet.output]);
    expect(names(c.vaeDecoder.inputs)).toEqual(['latents']);
    expect(names(c.vaeDecoder.outputs)).toEqual(['sample']);
    expect(names(c.vaeEncoder.inputs)).toEqual(['image']);
    expect(names(c.vaeEncoder.outputs)).toEqual(['mean', 'logvar', 'std']);
    expect(c.arcface.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [1, 3, 112, 112] }]);
    expect(c.arcface.outputs).toEqual([{ name: 'embedding', dtype: 'float32', shape: [1, ARC2FACE_TINY_ID_DIM] }]);
  });

  it('constants, preprocessing, scheduler and controls follow the contract', () => {
    const m = pack.manifest;
    expect(m.constants!.promptTokenEmbeddings).toMatchObject({ dtype: 'float32', shape: [77, 32], bytes: 77 * 32 * 4 });
    expect(m.constants!.uncondEmbedding).toMatchObject({ dtype: 'float32', shape: [77, 32], bytes: 77 * 32 * 4 });
    expect(m.preprocessing).toMatchObject({
      placeholderIndex: 4, idDim: 16, hiddenSize: 32, crossAttentionDim: 32, scalingFactor: 0.18215, latentChannels: 4, resolution: 64,
      arcface: { size: 112, mean: 127.5, std: 127.5, channelOrder: 'rgb' },
    });
    // The engine resolves the scheduler object exactly as the fixture's DPM config.
    const resolved = resolveSchedulerConfig('DPMSolverMultistepScheduler', m.scheduler!);
    const { lambda_min_clipped: _omitted, ...fixture } = parseSchedulerConfigJson(JSON.stringify(m.scheduler).replace(/}$/, ',"lambda_min_clipped": -Infinity}'));
    expect(resolved.warnings).toEqual([]);
    expect(resolved.config).toMatchObject({ algorithm_type: 'dpmsolver++', solver_order: 2, timestep_spacing: 'linspace', beta_schedule: 'scaled_linear', steps_offset: 1 });
    expect(fixture).toEqual(m.scheduler);
    expect(m.controls!.map((c) => [c.input, c.min, c.max, c.default])).toEqual([
      ['lambda', 0, 2, 0], ['steps', 1, 50, 25], ['guidance', 1, 10, 3], ['img2img_strength', 0, 1, 0], ['slerp_t', 0, 1, 0],
    ]);
  });

  it('promptTokenEmbeddings are the token rows of the mapped SD1.5 prompt ids', () => {
    const st = readSafetensors(buildArc2FaceTinySourceFiles().encoder.get('model.safetensors')!);
    const table = st.tensors.get('text_model.embeddings.token_embedding.weight')!;
    const t = toFloat32(table.dtype, table.data);
    const prompt = f32('prompt_token_embeddings.f32');
    const ids = [2998, 1125, 539, 320, 1014, 2533, 2999, 2999];
    ids.forEach((id, row) => expect(Array.from(prompt.subarray(row * 32, row * 32 + 32))).toEqual(Array.from(t.subarray(id * 32, id * 32 + 32))));
  });

  it('uncondEmbedding equals the text encoder run on the empty prompt', async () => {
    const st = readSafetensors(buildArc2FaceTinySourceFiles().encoder.get('model.safetensors')!);
    const table = st.tensors.get('text_model.embeddings.token_embedding.weight')!;
    const embeds = embedTokens(idsForVocab(emptyPromptIds(), 3000, 'test'), toFloat32(table.dtype, table.data), 32);
    const out = await run('textEncoder', { inputs_embeds: { data: embeds, dims: [1, 77, 32] } });
    expect(out.last_hidden_state.dims).toEqual([1, 77, 32]);
    expect(Array.from(f32('uncond_embedding.f32'))).toEqual(Array.from(out.last_hidden_state.data as Float32Array));
    // …and is not the conditional prompt's output.
    const cond = await run('textEncoder', { inputs_embeds: { data: f32('prompt_token_embeddings.f32'), dims: [1, 77, 32] } });
    expect(Math.max(...Array.from(cond.last_hidden_state.data as Float32Array, (v, i) => Math.abs(v - f32('uncond_embedding.f32')[i])))).toBeGreaterThan(1e-3);
  });

  it('unet, vaeDecoder and vaeEncoder run with the pipeline shapes (8×8 latents ↔ 64×64 images)', async () => {
    const unet = await run('unet', {
      sample: { data: ramp(2 * 4 * 64), dims: [2, 4, 8, 8] },
      timestep: { data: Float32Array.from([999, 41]), dims: [2] },
      encoder_hidden_states: { data: ramp(2 * 77 * 32, 3), dims: [2, 77, 32] },
    });
    expect(unet.noise_pred.dims).toEqual([2, 4, 8, 8]);
    expect((unet.noise_pred.data as Float32Array).every(Number.isFinite)).toBe(true);
    const dec = await run('vaeDecoder', { latents: { data: ramp(4 * 64), dims: [1, 4, 8, 8] } });
    expect(dec.sample.dims).toEqual([1, 3, 64, 64]);
    const enc = await run('vaeEncoder', { image: { data: ramp(3 * 64 * 64, 2), dims: [1, 3, 64, 64] } });
    expect(enc.mean.dims).toEqual([1, 4, 8, 8]);
    const [mean, logvar, std] = [enc.mean.data, enc.logvar.data, enc.std.data] as Float32Array[];
    expect(mean.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < std.length; i++) expect(std[i]).toBeCloseTo(Math.exp(0.5 * logvar[i]), 5);
  });

  it('arcface gives different embeddings for different faces', async () => {
    const face = (k: number) => Float32Array.from({ length: 3 * 112 * 112 }, (_, i) => Math.sin((i % 112) * 0.05 * k + Math.floor(i / 112) * 0.03));
    const a = (await run('arcface', { input: { data: face(1), dims: [1, 3, 112, 112] } })).embedding;
    const b = (await run('arcface', { input: { data: face(2.3), dims: [1, 3, 112, 112] } })).embedding;
    expect(a.dims).toEqual([1, 16]);
    const x = a.data as Float32Array;
    const y = b.data as Float32Array;
    const dot = x.reduce((s, v, i) => s + v * y[i], 0);
    const cos = dot / Math.hypot(...x) / Math.hypot(...y);
    expect(cos).toBeLessThan(0.99);
    // Same face → same embedding (deterministic graph).
    const a2 = (await run('arcface', { input: { data: face(1), dims: [1, 3, 112, 112] } })).embedding;
    expect(Array.from(a2.data as Float32Array)).toEqual(Array.from(x));
  });

  it('the tiny ArcFace builder is deterministic and honours custom IO names', () => {
    expect(buildTinyArcFaceModel()).toEqual(buildTinyArcFaceModel());
    expect(buildTinyArcFaceModel({ inputName: 'input.1', outputName: '683' })).not.toEqual(buildTinyArcFaceModel());
  });
});
