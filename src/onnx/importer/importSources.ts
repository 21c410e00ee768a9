/**
 * @file How the importer reads its input: ranged reads of files and name lookups in folders, so the
 * same code runs on Node files (CLI: fs.read at an offset), on browser `File`/`Blob`s (worker:
 * `blob.slice().arrayBuffer()`) and on in-memory bytes (tests, built-in packs). Ranged reads matter:
 * an fp32 SD1.5 UNet is 3.4 GB, more than one ArrayBuffer should hold, and is read tensor by tensor.
 */

/** One input file. */
export interface ImportFile {
  /** Label used in messages, e.g. `arc2face/diffusion_pytorch_model.safetensors`. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Bytes [offset, offset + length); must return exactly `length` bytes (callers check against `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * The same, synchronously, where the platform can (a worker's FileReaderSync, memory, Node's fs.readSync).
   * Graph builders are synchronous; with this they pull each weight when they need it instead of the
   * importer loading every weight first (lazySafetensorsWeights.ts).
   */
  readSync?(offset: number, length: number): Uint8Array;
}

/** A folder of input files (e.g. the `arc2face/` folder of the Hugging Face repo). */
export interface ImportFolder {
  /** Label used in messages, e.g. `arc2face`. */
  readonly name: string;
  /** The file `fileName` directly in this folder, or undefined when absent. */
  open(fileName: string): Promise<ImportFile | undefined>;
}

/** A file over bytes held in memory. */
export function bytesFile(name: string, bytes: Uint8Array): ImportFile {
  return {
    name,
    size: bytes.byteLength,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
    readSync: (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
  };
}

/** FileReaderSync exists in dedicated workers only (not on the main thread, not in Node). */
const FileReaderSyncCtor = (globalThis as { FileReaderSync?: new () => { readAsArrayBuffer(b: Blob): ArrayBuffer } }).FileReaderSync;

/** A file over a Blob / File (browser, worker; also Node ≥ 20). */
export function blobFile(name: string, blob: Blob): ImportFile {
  return {
    name,
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
    ...(FileReaderSyncCtor ? { readSync: (offset: number, length: number) => new Uint8Array(new FileReaderSyncCtor().readAsArrayBuffer(blob.slice(offset, offset + length))) } : {}),
  };
}

/** A folder over in-memory files (file name → bytes or Blob). */
export function memoryFolder(name: string, files: ReadonlyMap<string, Uint8Array | Blob> | Readonly<Record<string, Uint8Array | Blob>>): ImportFolder {
  const map = files instanceof Map ? (files as ReadonlyMap<string, Uint8Array | Blob>) : new Map(Object.entries(files));
  return {
    name,
    async open(fileName) {
      const f = map.get(fileName);
      if (f === undefined) return undefined;
      const label = `${name}/${fileName}`;
      return f instanceof Uint8Array ? bytesFile(label, f) : blobFile(label, f);
    },
  };
}

/** Reads a whole file (for config.json, pytorch_model.bin, arcface.onnx: files that must be parsed as one). */
export async function readWholeFile(file: ImportFile): Promise<Uint8Array> {
  const bytes = await file.read(0, file.size);
  // A short read means the file changed or the accessor is broken; parsing a prefix would mislead.
  if (bytes.byteLength !== file.size) throw new Error(`${file.name}: read ${bytes.byteLength} of ${file.size} bytes`);
  return bytes;
}
