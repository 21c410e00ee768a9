/**
 * @file Test-only: a FaceStackRun over onnxruntime-web (wasm, one thread, in Node) on models/face-stack/*.onnx.
 * When `npm run models` has not been run, the face-stack pack is built with the built-in registry entry (as
 * src/cli/buildBuiltinPacks.ts does) into a temporary folder, so the tests need nothing prepared.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { builtinPacks } from '../../packs/builtin/registry';
import type { FaceStackComponent } from '../../packs/builtin/faceStackPack';
import type { TensorData } from '../protocol';
import type { FaceStackRun } from './faceStackTypes';

const COMPONENTS: FaceStackComponent[] = ['detector', 'landmarks', 'identity'];
const REPO_MODELS = fileURLToPath(new URL('../../../models/face-stack', import.meta.url));

/** The folder holding detector/landmarks/identity.onnx: the repo's models/face-stack, or a fresh build in a temp dir. */
export async function faceStackModelsDir(): Promise<string> {
  if (COMPONENTS.every((c) => existsSync(join(REPO_MODELS, `${c}.onnx`)))) return REPO_MODELS;
  const entry = builtinPacks.find((e) => e.id === 'face-stack');
  if (!entry) throw new Error('no built-in "face-stack" pack in src/packs/builtin/registry.ts');
  const pack = await entry.build();
  const dir = mkdtempSync(join(tmpdir(), 'face-stack-'));
  for (const [name, bytes] of pack.files) writeFileSync(join(dir, name), bytes);
  return dir;
}

/** Counts of runs and images per component, to check batching. */
export interface RunLog {
  calls: Record<string, number>;
  batches: Record<string, number[]>;
}

/** Opens the three sessions and returns a runner over them plus a log of the calls made. */
export async function createOrtFaceStackRun(dir: string): Promise<{ run: FaceStackRun; log: RunLog }> {
  ort.env.wasm.numThreads = 1;
  const sessions = new Map<string, ort.InferenceSession>();
  for (const c of COMPONENTS) sessions.set(c, await ort.InferenceSession.create(readFileSync(join(dir, `${c}.onnx`))));
  const log: RunLog = { calls: {}, batches: {} };
  const run: FaceStackRun = async (component, feeds) => {
    const session = sessions.get(component)!;
    log.calls[component] = (log.calls[component] ?? 0) + 1;
    (log.batches[component] ??= []).push(Object.values(feeds)[0].dims[0]);
    const ortFeeds = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)]));
    const out = await session.run(ortFeeds);
    const res: Record<string, TensorData> = {};
    for (const [k, t] of Object.entries(out)) res[k] = { dims: [...t.dims], data: t.data as Float32Array };
    return res;
  };
  return { run, log };
}
