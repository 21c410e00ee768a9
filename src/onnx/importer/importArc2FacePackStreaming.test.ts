/**
 * The streaming import against the in-memory one on the fixtures' reference models: every component,
 * run with its external data, gives exactly the in-memory pack's outputs (fp32 and fp16), the .onnx files
 * hold no weights, each file's recorded sha256/size is that of its bytes, and the lazy reads never ask for
 * the whole weight file at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../io/safetensors';
import { sha256Hex } from '../../packs/sha256';
import type { AssembledPack } from '../../packs/assemblePack';
import { buildTinyArcFaceModel } from '../../packs/builtin/arc2faceTinyArcFace';
import { MAX_EXTERNAL_FILE_BYTES } from '../externalData';
import { importArc2FacePack, importArc2FacePackStreaming, type Arc2FaceImportProgress, type Arc2FaceImportSources } from './importArc2FacePack';
import type { StreamedPack } from './assembleStreamedPack';
import { bytesFile, type ImportFile, type ImportFolder } from './importSources';

ort.env.wasm.numThreads = 1;
const FIX = join(__dirname, '../../../fixtures');

/** A folder over fixture files whose reads are recorded (largest single read per file). */
function folder(name: string, dir: string, largestRead: Map<string, number>): ImportFolder {
  const files = new Map(readdirSync(join(FIX, dir)).filter((f) => f === 'config.json' || !f.startsWith('io_')).map((f) => [f, new Uint8Array(readFileSync(join(FIX, dir, f)))]));
  const note = (label: string, n: number) => largestRead.set(label, Math.max(largestRead.get(label) ?? 0, n));
  return {
    name,
    async open(fileName): Promise<ImportFile | undefined> {
      const bytes = files.get(fileName);
      if (!bytes) return undefined;
      const inner = bytesFile(`${name}/${fileName}`, bytes);
      return {
        name: inner.name,
        size: inner.size,
        read: (o, n) => (note(inner.name, n), inner.read(o, n)),
        readSync: (o, n) => (note(inner.name, n), inner.readSync!(o, n)),
      };
    },
  };
}

function sources(largestRead = new Map<string, number>()): Arc2FaceImportSources {
  return {
    unet: folder('arc2face', 'unet', largestRead),
    encoder: folder('encoder', 'text_encoder', largestRead),
    vae: folder('vae', 'vae', largestRead),
    arcface: bytesFile('arcface.onnx', buildTinyArcFaceModel({ inputName: 'input.1', outputName: '683' })),
  };
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

/** Deterministic feeds for every component input (a symbolic batch is 1, a symbolic size 16). */
function feedsFor(p: AssembledPack, component: string): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of p.manifest.components[component].inputs) {
    const dims = input.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : 16));
    const n = dims.reduce((a, b) => a * b, 1);
    feeds[input.name] = new ort.Tensor('float32', Float32Array.from({ length: n }, (_, i) => (input.name === 'timestep' ? 500 : Math.sin(i * 0.37))), dims);
  }
  return feeds;
}

async function outputs(model: Uint8Array, feeds: Record<string, ort.Tensor>, externalData?: { path: string; data: Uint8Array }[]) {
  const s = await ort.InferenceSession.create(model, externalData ? { externalData } : {});
  try {
    const out = await s.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Array.from(t.data as Float32Array)]));
  } finally {
    await s.release();
  }
}

describe.each(['fp32', 'fp16'] as const)('importArc2FacePackStreaming (%s)', (precision) => {
  let inMemory: AssembledPack;
  let streamed: StreamedPack;
  const largestRead = new Map<string, number>();
  const progress: Arc2FaceImportProgress[] = [];
  beforeAll(async () => {
    inMemory = await importArc2FacePack(sources(), { id: 'arc2face-mem', precision });
    streamed = await importArc2FacePackStreaming(sources(largestRead), { id: 'arc2face-mem', precision, onProgress: (p) => progress.push(p) });
  }, 120_000);

  it('every component gives exactly the in-memory pack’s outputs, from a weight-free .onnx plus external data', async () => {
    for (const [name, spec] of Object.entries(streamed.manifest.components)) {
      const model = await bytesOf(streamed.files.get(spec.file)!);
      const ext = await Promise.all((spec.externalData ?? []).map(async (e) => ({ path: e.file, data: await bytesOf(streamed.files.get(e.file)!) })));
      if (name !== 'arcface') {
        expect(ext.length).toBeGreaterThan(0);
        // The graph alone: a few hundred bytes per node, no weights (the in-memory .onnx holds them all).
        const weights = ext.reduce((a, e) => a + e.data.byteLength, 0);
        expect(model.byteLength + weights).toBeGreaterThan(inMemory.files.get(spec.file)!.byteLength * 0.9);
        expect(model.byteLength).toBeLessThan(inMemory.files.get(spec.file)!.byteLength - weights * 0.9);
        for (const e of ext) expect(e.data.byteLength).toBeLessThanOrEqual(MAX_EXTERNAL_FILE_BYTES);
      }
      const feeds = feedsFor(inMemory, name);
      expect(await outputs(model, feeds, ext.length ? ext : undefined)).toEqual(await outputs(inMemory.files.get(spec.file)!, feeds));
    }
  }, 120_000);

  it('records each file’s real size and sha256, and the constants equal the in-memory import’s', async () => {
    const named = [
      ...Object.values(streamed.manifest.components).flatMap((c) => [c, ...(c.externalData ?? [])]),
      ...Object.values(streamed.manifest.constants ?? {}),
    ];
    for (const ref of named) {
      const bytes = await bytesOf(streamed.files.get(ref.file)!);
      expect({ file: ref.file, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) }).toEqual({ file: ref.file, bytes: ref.bytes, sha256: ref.sha256 });
    }
    for (const c of Object.values(streamed.manifest.constants ?? {})) {
      expect(await bytesOf(streamed.files.get(c.file)!)).toEqual(inMemory.files.get(c.file));
    }
    expect(JSON.parse(await streamed.files.get('manifest.json')!.text())).toEqual(streamed.manifest);
  });

  it('reads each weight file tensor by tensor and reports every tensor it builds', () => {
    const weightFiles = [...largestRead.keys()].filter((l) => l.endsWith('.safetensors'));
    expect(weightFiles.length).toBe(3);
    for (const label of weightFiles) {
      const file = readSafetensors(new Uint8Array(readFileSync(join(FIX, label.replace(/^arc2face\//, 'unet/').replace(/^encoder\//, 'text_encoder/')))));
      const largestTensor = Math.max(...[...file.tensors.values()].map((t) => t.data.byteLength), file.header.dataStart);
      expect(largestRead.get(label), label).toBe(largestTensor);
    }
    const unetBuilt = progress.filter((p) => p.stage === 'build' && p.component === 'unet');
    expect(unetBuilt.length).toBeGreaterThan(50);
    expect(unetBuilt.at(-1)).toMatchObject({ done: unetBuilt.at(-1)!.total });
    expect(new Set(unetBuilt.map((p) => p.tensor)).size).toBe(unetBuilt.length);
  });
});
