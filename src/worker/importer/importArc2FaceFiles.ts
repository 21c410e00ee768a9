/**
 * The importer inside the worker: the user drops the files they downloaded (`arc2face/`, `encoder/`, the
 * SD1.5 `vae/` folder and `arcface.onnx`), and the same code as `npm run import` turns them into a pack.
 * Weights are read tensor by tensor from the Blobs.
 */
import { importArc2FacePack, type Arc2FaceImportProgress } from '../../onnx/importer/importArc2FacePack';
import { blobFile, type ImportFolder } from '../../onnx/importer/importSources';
import type { AssembledPack } from '../../packs/assemblePack';

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

export async function importArc2FaceFiles(
  files: DroppedFile[],
  options: { precision: 'fp32' | 'fp16'; onProgress?: (p: Arc2FaceImportProgress) => void },
): Promise<AssembledPack> {
  const unet = folderOf(files, 'arc2face') ?? folderOf(files, 'unet');
  const encoder = folderOf(files, 'encoder') ?? folderOf(files, 'text_encoder');
  const vae = folderOf(files, 'vae');
  const arcface = files.find((f) => /(^|\/)arcface\.onnx$/i.test(f.name)) ?? files.find((f) => f.name.toLowerCase().endsWith('.onnx'));
  const missing = [!unet && 'an "arc2face/" folder (UNet)', !encoder && 'an "encoder/" folder (CLIP text encoder)', !vae && 'a "vae/" folder (Stable Diffusion 1.5 VAE)', !arcface && '"arcface.onnx"'].filter(Boolean);
  if (missing.length) throw new Error(`The Arc2Face import needs ${missing.join(', ')} among the picked files`);
  return importArc2FacePack({ unet: unet!, encoder: encoder!, vae: vae!, arcface: blobFile(arcface!.name, arcface!.blob) }, { precision: options.precision, onProgress: options.onProgress });
}
