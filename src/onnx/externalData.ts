/**
 * @file Lays initializer bytes out into ONNX external-data files (TensorProto.data_location = EXTERNAL
 * with `location` / `offset` / `length` entries). Files are capped at 2000 MB because Chrome failed to
 * fetch a 2048 MB file (ORT web SD-Turbo tooling, see docs/browser-anchors.md §2.6); a file rolls over
 * to the next part when the next tensor would not fit, since ONNX cannot split one tensor across files.
 */

/** Largest external file we write: 2000 MiB, under both Chrome's fetch failure at 2048 MB and 2^31 − 1. */
export const MAX_EXTERNAL_FILE_BYTES = 2000 * 1024 * 1024;

/** Options for writing initializers to external data files. */
export interface ExternalDataOptions {
  /** File name relative to the model, e.g. `unet.onnx_data`; extra parts get `.1`, `.2`, … appended. */
  fileName: string;
  /** Maximum bytes per file (default and upper bound {@link MAX_EXTERNAL_FILE_BYTES}). */
  chunkBytes?: number;
  /** Initializers smaller than this stay inline in the model (default 1024, like onnx's save_model). */
  minBytes?: number;
  /** Offset alignment of each tensor inside a file (default 64; zero padding in between). */
  alignBytes?: number;
}

/** One external data file: concatenate `bytes` in order (e.g. `new Blob(bytes)`) to get its content. */
export interface ExternalFile {
  /** Path relative to the model, exactly as written in the tensors' `location` entry. */
  path: string;
  /** File content as consecutive pieces; tensor pieces are views over the caller's arrays (no copy). */
  bytes: Uint8Array[];
  /** Total size of the file in bytes. */
  byteLength: number;
}

/** Where one tensor's bytes went. */
export interface ExternalPlacement { location: string; offset: number; length: number }

/** Result of {@link planExternalData}: a placement per input tensor (undefined = stays inline). */
export interface ExternalPlan { placements: (ExternalPlacement | undefined)[]; files: ExternalFile[] }

function checkFileName(fileName: string): void {
  const parts = fileName.split(/[\\/]/);
  if (!fileName || fileName.startsWith('/') || /^[A-Za-z]:/.test(fileName) || parts.includes('..') || parts.includes('')) {
    throw new Error(`externalData.fileName "${fileName}" must be a relative path like "model.onnx_data" (no "..", no absolute path)`);
  }
}

/** Assigns tensors (in order) to external files; deterministic for the same inputs. */
export function planExternalData(tensors: readonly { name: string; bytes: Uint8Array }[], opts: ExternalDataOptions): ExternalPlan {
  checkFileName(opts.fileName);
  const chunkBytes = opts.chunkBytes ?? MAX_EXTERNAL_FILE_BYTES;
  const minBytes = opts.minBytes ?? 1024;
  const align = opts.alignBytes ?? 64;
  if (!(chunkBytes > 0 && chunkBytes <= MAX_EXTERNAL_FILE_BYTES)) {
    throw new Error(`externalData.chunkBytes must be in 1..${MAX_EXTERNAL_FILE_BYTES} (2000 MB), got ${chunkBytes}`);
  }
  if (!(Number.isInteger(align) && align >= 1)) throw new Error(`externalData.alignBytes must be a positive integer, got ${align}`);

  const files: ExternalFile[] = [];
  const placements: (ExternalPlacement | undefined)[] = [];
  let current: ExternalFile | undefined;
  for (const { name, bytes } of tensors) {
    if (bytes.byteLength < minBytes) {
      placements.push(undefined);
      continue;
    }
    if (bytes.byteLength > chunkBytes) {
      throw new Error(`Initializer "${name}" is ${bytes.byteLength} bytes, larger than externalData.chunkBytes (${chunkBytes}); one tensor cannot span files`);
    }
    let offset = current ? Math.ceil(current.byteLength / align) * align : 0;
    if (!current || offset + bytes.byteLength > chunkBytes) {
      const path = files.length === 0 ? opts.fileName : `${opts.fileName}.${files.length}`;
      current = { path, bytes: [], byteLength: 0 };
      files.push(current);
      offset = 0;
    }
    if (offset > current.byteLength) current.bytes.push(new Uint8Array(offset - current.byteLength));
    current.bytes.push(bytes);
    current.byteLength = offset + bytes.byteLength;
    placements.push({ location: current.path, offset, length: bytes.byteLength });
  }
  return { placements, files };
}
