/**
 * The importer inside the worker: the user drops the files they downloaded (`arc2face/`, `encoder/`, the
 * SD1.5 `vae/` folder and `arcface.onnx`), and the same code as `npm run import` turns them into a pack,
 * streamed: each weight is read from its File when a graph builder needs it (FileReaderSync on a slice) and
 * goes into its component's external-data Blob, hashed on the way (importArc2FacePackStreaming). The Blobs
 * then go into the pack store; the manifest goes last, and on any failure the files stored by this import
 * are removed again, so no partial pack is ever registered.
 */
import { importArc2FacePackStreaming, type Arc2FaceImportProgress } from '../../onnx/importer/importArc2FacePack';
import { blobFile, type ImportFolder } from '../../onnx/importer/importSources';
import { packFiles, type PackManifest } from '../../packs/manifest';
import type { PackStore } from '../../packs/store/packStore';

export interface DroppedFile {
  name: string;
  blob: Blob;
}

/** The files directly inside a folder called `folder` anywhere in the dropped paths. */
function folderOf(files: DroppedFile[], folder: string): ImportFolder | null {
  const inside = new Map<string, Blob>();
  for (const f of files) {
    const parts = f.name.split('/');
    if (parts.length >= 2 && parts[parts.length - 2] === folder) inside.set(parts[parts.length - 1], f.blob);
  }
  if (inside.size === 0) return null;
  return {
    name: folder,
    async open(fileName) {
      const b = inside.get(fileName);
      return b ? blobFile(`${folder}/${fileName}`, b) : undefined;
    },
  };
}

function sourcesOf(files: DroppedFile[]) {
  const unet = folderOf(files, 'arc2face') ?? folderOf(files, 'unet');
  const encoder = folderOf(files, 'encoder') ?? folderOf(files, 'text_encoder');
  const vae = folderOf(files, 'vae');
  const arcface = files.find((f) => /(^|\/)arcface\.onnx$/i.test(f.name)) ?? files.find((f) => f.name.toLowerCase().endsWith('.onnx'));
  const missing = [!unet && 'an "arc2face/" folder (UNet)', !encoder && 'an "encoder/" folder (CLIP text encoder)', !vae && 'a "vae/" folder (Stable Diffusion 1.5 VAE)', !arcface && '"arcface.onnx"'].filter(Boolean);
  if (missing.length) throw new Error(`The Arc2Face import needs ${missing.join(', ')} among the picked files`);
  return { unet: unet!, encoder: encoder!, vae: vae!, arcface: blobFile(arcface!.name, arcface!.blob) };
}

/**
 * Imports the dropped files into `store` as a complete pack (files first, manifest last).
 * @throws ImportError (file, tensor) or the store's error (e.g. StorageQuotaError); nothing of this import stays stored
 */
export async function importArc2FaceFilesToStore(
  files: DroppedFile[],
  store: PackStore,
  options: { precision: 'fp32' | 'fp16'; onProgress?: (p: Arc2FaceImportProgress) => void; signal?: AbortSignal },
): Promise<PackManifest> {
  const pack = await importArc2FacePackStreaming(sourcesOf(files), { precision: options.precision, onProgress: options.onProgress });
  const { manifest } = pack;
  const stored: string[] = [];
  try {
    const refs = packFiles(manifest);
    let done = 0;
    for (const ref of refs) {
      options.signal?.throwIfAborted();
      const blob = pack.files.get(ref.file)!;
      const have = await store.getFile(manifest.id, ref.sha256);
      // Files are keyed by sha256: an identical file from an earlier import is kept as it is.
      if (!have || have.size !== ref.bytes) {
        stored.push(ref.sha256);
        await store.putFile(manifest.id, ref.sha256, blob);
      }
      options.onProgress?.({ stage: 'assemble', component: 'pack', tensor: ref.file, done: ++done, total: refs.length });
    }
    options.signal?.throwIfAborted();
    await store.putManifest(manifest);
  } catch (e) {
    for (const sha of stored) await store.deleteFile(manifest.id, sha).catch(() => undefined);
    throw e;
  }
  return manifest;
}
