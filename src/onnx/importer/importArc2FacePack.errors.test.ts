/**
 * Bad inputs to the importer: each must fail with an ImportError whose code and message name the file
 * (and tensor) at fault, and never return a pack. Built on the arc2face-tiny source files, edited.
 */
import { describe, expect, it } from 'vitest';
import { readSafetensors, type SafetensorsFile } from '../../io/safetensors';
import { writeSafetensors, type SafetensorsTensorInput } from '../../io/safetensorsWriter';
import { PickleWriter, torchZip } from '../../io/pytorchCheckpointWriter.test-util';
import { buildTinyArcFaceModel } from '../../packs/builtin/arc2faceTinyArcFace';
import { buildArc2FaceTinySourceFiles, type TinyArc2FaceFiles } from '../../packs/builtin/arc2faceTinySourceFiles';
import { GraphBuilder } from '../graphBuilder';
import { ImportError, type ImportErrorCode } from './importError';
import { importArc2FacePack } from './importArc2FacePack';
import { bytesFile, memoryFolder } from './importSources';
import { prepareArcFaceModel } from './prepareArcFaceModel';

const base = buildArc2FaceTinySourceFiles();

function variant(edit: (f: TinyArc2FaceFiles) => void): TinyArc2FaceFiles {
  const f: TinyArc2FaceFiles = { unet: new Map(base.unet), encoder: new Map(base.encoder), vae: new Map(base.vae), arcface: base.arcface };
  edit(f);
  return f;
}

async function importFails(files: TinyArc2FaceFiles, code: ImportErrorCode, ...fragments: string[]): Promise<ImportError> {
  let error: unknown;
  let result: unknown;
  try {
    result = await importArc2FacePack({
      unet: memoryFolder('arc2face', files.unet), encoder: memoryFolder('encoder', files.encoder),
      vae: memoryFolder('vae', files.vae), arcface: bytesFile('arcface.onnx', files.arcface),
    });
  } catch (e) {
    error = e;
  }
  expect(result).toBeUndefined();
  expect(error).toBeInstanceOf(ImportError);
  const err = error as ImportError;
  expect(err.code).toBe(code);
  for (const f of fragments) expect(err.message).toContain(f);
  return err;
}

/** Rewrites a safetensors file with `edit` applied to its tensor map. */
function editTensors(bytes: Uint8Array, edit: (t: Map<string, SafetensorsTensorInput>) => void): Uint8Array {
  const file: SafetensorsFile = readSafetensors(bytes);
  const map = new Map<string, SafetensorsTensorInput>([...file.tensors].map(([k, t]) => [k, { dtype: t.dtype, shape: t.shape, data: t.data.slice() }]));
  edit(map);
  return writeSafetensors(map, { format: 'pt' });
}

const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const parse = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;

describe('importArc2FacePack: bad inputs give clear errors and no pack', () => {
  it('a missing UNet tensor is named with the file and its expected shape', async () => {
    const err = await importFails(variant((f) => f.unet.set('diffusion_pytorch_model.safetensors', editTensors(f.unet.get('diffusion_pytorch_model.safetensors')!, (t) => t.delete('mid_block.attentions.0.proj_in.weight')))),
      'WEIGHTS', 'arc2face/diffusion_pytorch_model.safetensors', 'missing tensors', 'mid_block.attentions.0.proj_in.weight');
    expect(err.file).toBe('arc2face/diffusion_pytorch_model.safetensors');
    expect(err.tensor).toBe('mid_block.attentions.0.proj_in.weight');
  });

  it('an unexpected extra VAE tensor is named', async () => {
    await importFails(variant((f) => f.vae.set('diffusion_pytorch_model.safetensors', editTensors(f.vae.get('diffusion_pytorch_model.safetensors')!, (t) => t.set('decoder.lora_up.weight', { dtype: 'F32', shape: [2], data: new Float32Array(2) })))),
      'WEIGHTS', 'vae/diffusion_pytorch_model.safetensors', 'unexpected tensors', 'decoder.lora_up.weight');
  });

  it('a wrong-shaped and an extra text encoder tensor are both listed', async () => {
    await importFails(variant((f) => f.encoder.set('model.safetensors', editTensors(f.encoder.get('model.safetensors')!, (t) => {
      t.set('text_model.final_layer_norm.weight', { dtype: 'F32', shape: [31], data: new Float32Array(31) });
      t.set('text_model.pooler.weight', { dtype: 'F32', shape: [1], data: new Float32Array(1) });
    }))), 'WEIGHTS', 'encoder/model.safetensors', 'text_model.final_layer_norm.weight: file has [31], config implies [32]', 'text_model.pooler.weight');
  });

  it('a truncated safetensors file is refused before building', async () => {
    await importFails(variant((f) => {
      const full = f.unet.get('diffusion_pytorch_model.safetensors')!;
      f.unet.set('diffusion_pytorch_model.safetensors', full.slice(0, full.byteLength - 1000));
    }), 'TRUNCATED', 'arc2face/diffusion_pytorch_model.safetensors', 'incomplete download');
    await importFails(variant((f) => f.vae.set('diffusion_pytorch_model.safetensors', new Uint8Array([1, 2, 3]))), 'TRUNCATED', 'vae/diffusion_pytorch_model.safetensors');
  });

  it('a malicious pytorch_model.bin is refused without executing it', async () => {
    const evil = new PickleWriter().proto(2).raw(0x63).ascii('os\nsystem\n').raw(0x28).str('touch /tmp/pwned').raw(0x74, 0x52, 0x2e).bytes();
    await importFails(variant((f) => {
      f.encoder = new Map([['config.json', f.encoder.get('config.json')!], ['pytorch_model.bin', torchZip(evil, {})]]);
    }), 'BAD_FILE', 'encoder/pytorch_model.bin', 'os.system');
  });

  it('missing files and invalid JSON are named', async () => {
    await importFails(variant((f) => f.vae.delete('config.json')), 'MISSING_FILE', 'vae/config.json');
    await importFails(variant((f) => f.unet.delete('diffusion_pytorch_model.safetensors')), 'MISSING_FILE', 'arc2face', 'diffusion_pytorch_model.safetensors');
    await importFails(variant((f) => f.encoder.delete('model.safetensors')), 'MISSING_FILE', 'neither model.safetensors nor pytorch_model.bin');
    await importFails(variant((f) => f.unet.set('config.json', new TextEncoder().encode('{"_class_name": '))), 'BAD_JSON', 'arc2face/config.json');
  });

  it('unsupported config options are named with the key and file', async () => {
    await importFails(variant((f) => f.unet.set('config.json', json({ ...parse(f.unet.get('config.json')!), class_embed_type: 'timestep' }))), 'UNSUPPORTED', 'arc2face/config.json', 'class_embed_type');
    await importFails(variant((f) => f.encoder.set('config.json', json({ ...parse(f.encoder.get('config.json')!), hidden_act: 'relu6' }))), 'UNSUPPORTED', 'encoder/config.json', 'hidden_act');
  });

  it('components that do not fit together are refused', async () => {
    await importFails(variant((f) => f.unet.set('config.json', json({ ...parse(f.unet.get('config.json')!), cross_attention_dim: 64 }))), 'INCOMPATIBLE', 'cross_attention_dim 64', 'hidden_size 32');
  });

  it('a bad arcface.onnx is named: not ONNX, two outputs, wrong input, embedding larger than the hidden size', async () => {
    await importFails(variant((f) => (f.arcface = new TextEncoder().encode('not an onnx model at all'))), 'BAD_FILE', 'arcface.onnx');
    const twoOut = new GraphBuilder({ name: 'x' });
    const x = twoOut.input('data', 'float32', [1, 3, 112, 112]);
    twoOut.output(twoOut.node('Relu', [x]), 'float32', [1, 3, 112, 112], 'a');
    twoOut.output(twoOut.node('Sigmoid', [x]), 'float32', [1, 3, 112, 112], 'b');
    await importFails(variant((f) => (f.arcface = twoOut.build())), 'UNSUPPORTED', 'arcface.onnx', 'expected one output', 'a, b');
    const wrongIn = new GraphBuilder({ name: 'y' });
    wrongIn.output(wrongIn.node('Relu', [wrongIn.input('data', 'float32', [1, 3, 64, 64])]), 'float32', [1, 3, 64, 64], 'e');
    await importFails(variant((f) => (f.arcface = wrongIn.build())), 'UNSUPPORTED', 'input "data"', '3, 112, 112]');
    const wide = new GraphBuilder({ name: 'z' });
    const w = wide.initializer('w', { dtype: 'float32', dims: [3 * 112 * 112, 64], data: new Float32Array(3 * 112 * 112 * 64) });
    const flat = wide.node('Flatten', [wide.input('data', 'float32', [1, 3, 112, 112])], { axis: 1 });
    wide.output(wide.node('MatMul', [flat, w]), 'float32', [1, 64], 'emb');
    await importFails(variant((f) => (f.arcface = wide.build())), 'INCOMPATIBLE', 'embedding size 64 > the text encoder\'s hidden_size 32');
  });
});

describe('prepareArcFaceModel', () => {
  it('keeps a model already named input/embedding byte for byte, and reads D and normalisation', () => {
    const bytes = buildTinyArcFaceModel();
    const p = prepareArcFaceModel(bytes, 'arcface.onnx');
    expect(p.model).toBe(bytes);
    expect(p).toMatchObject({ idDim: 16, mean: 127.5, std: 127.5, originalInput: 'input', originalOutput: 'embedding' });
  });

  it('a graph that normalises itself (Sub and Mul first, as insightface checks) gets mean 0 / std 1', () => {
    const g = new GraphBuilder({ name: 'n' });
    let x = g.input('input.1', 'float32', ['N', 3, 112, 112]);
    x = g.node('Sub', [x, g.scalarF32('m', 127.5)], {}, { name: 'Sub_0' });
    x = g.node('Mul', [x, g.scalarF32('s', 1 / 127.5)], {}, { name: 'Mul_1' });
    x = g.node('ReduceMean', [x], { axes: [2, 3], keepdims: 0 });
    g.output(x, 'float32', ['N', 3], 'fc1');
    const p = prepareArcFaceModel(g.build(), 'glintr100.onnx');
    expect(p).toMatchObject({ idDim: 3, mean: 0, std: 1, originalInput: 'input.1', originalOutput: 'fc1' });
  });

  it('a symbolic embedding size needs an explicit dimension', () => {
    const g = new GraphBuilder({ name: 'n' });
    g.output(g.node('ReduceMean', [g.input('x', 'float32', ['N', 3, 112, 112])], { axes: [2, 3], keepdims: 0 }), 'float32', ['N', 'D'], 'y');
    expect(() => prepareArcFaceModel(g.build(), 'a.onnx')).toThrow(/no fixed embedding size/);
    expect(prepareArcFaceModel(g.build(), 'a.onnx', 3).idDim).toBe(3);
  });
});
