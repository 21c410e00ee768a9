/**
 * The worker's import into a pack store, in Node with the memory store: a complete, loadable pack whose
 * stored bytes match the manifest; and on a store failure half-way (quota), nothing of the import remains.
 */
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../packs/loader/loadPack';
import { packFiles } from '../../packs/manifest';
import { sha256Hex } from '../../packs/sha256';
import { buildArc2FaceTinySourceFiles, type TinyArc2FaceFiles } from '../../packs/builtin/arc2faceTinySourceFiles';
import { MemoryPackStore } from '../../packs/store/memoryPackStore';
import { importArc2FaceFilesToStore, type DroppedFile } from './importArc2FaceFiles';

ort.env.wasm.numThreads = 1;

let src: TinyArc2FaceFiles;
beforeAll(() => {
  src = buildArc2FaceTinySourceFiles();
});

function dropped(): DroppedFile[] {
  const out: DroppedFile[] = [];
  for (const [folder, files] of [['arc2face', src.unet], ['encoder', src.encoder], ['vae', src.vae]] as const) {
    for (const [name, bytes] of files) out.push({ name: `downloads/${folder}/${name}`, blob: new Blob([bytes as BlobPart]) });
  }
  out.push({ name: 'downloads/arcface.onnx', blob: new Blob([src.arcface as BlobPart]) });
  return out;
}

describe('importArc2FaceFilesToStore', () => {
  it('stores a complete pack (files by sha256, manifest last) that loads from the store alone', async () => {
    const store = new MemoryPackStore();
    const stages = new Set<string>();
    const manifest = await importArc2FaceFilesToStore(dropped(), store, { precision: 'fp32', onProgress: (p) => stages.add(`${p.stage}:${p.component}`) });
    expect(stages).toContain('build:unet');
    expect(stages).toContain('assemble:pack');
    for (const ref of packFiles(manifest)) {
      const blob = await store.getFile(manifest.id, ref.sha256);
      expect(blob, ref.file).not.toBeNull();
      expect(await sha256Hex(new Uint8Array(await blob!.arrayBuffer()))).toBe(ref.sha256);
    }
    expect(await store.list()).toEqual([expect.objectContaining({ complete: true })]);
    const offline = async () => {
      throw new Error('no network');
    };
    const loaded = await loadPack({ kind: 'cached', id: manifest.id }, { store, fetch: offline, builtinBase: 'http://x/', jobId: 'j' });
    expect(loaded.fromCacheBytes).toBe(packFiles(manifest).reduce((a, f) => a + f.bytes, 0));
  }, 120_000);

  it('removes what it stored when the store fails half-way, and registers no manifest', async () => {
    const full = new MemoryPackStore();
    const manifest = await importArc2FaceFilesToStore(dropped(), full, { precision: 'fp32' });
    const sizes = packFiles(manifest).map((f) => f.bytes);
    // Room for the first file or two, not for all of them.
    const store = new MemoryPackStore(sizes[0] + sizes[1]);
    await expect(importArc2FaceFilesToStore(dropped(), store, { precision: 'fp32' })).rejects.toMatchObject({ code: 'storage-quota' });
    expect(await store.list()).toEqual([]);
    for (const ref of packFiles(manifest)) expect(await store.getFile(manifest.id, ref.sha256), ref.file).toBeNull();
  }, 120_000);

  it('names what is missing among the dropped files', async () => {
    const noVae = dropped().filter((f) => !f.name.includes('/vae/'));
    await expect(importArc2FaceFilesToStore(noVae, new MemoryPackStore(), { precision: 'fp32' })).rejects.toThrow(/needs a "vae\/" folder/);
  });
});
