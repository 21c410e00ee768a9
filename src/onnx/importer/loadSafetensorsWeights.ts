/**
 * @file Reads a safetensors weight file tensor by tensor through ranged reads (header first, then one
 * read per tensor), converting every float dtype to float32. Never holds the whole file in one buffer,
 * and checks the header against the file size first, so a truncated download fails before any work.
 */
import {
  decodeSafetensorsTensor, readSafetensorsHeader, readSafetensorsHeaderLength, SafetensorsError, toFloat32,
  type SafetensorsHeader, type SafetensorsTensorInfo,
} from '../../io/safetensors';
import { ImportError } from './importError';
import type { ImportFile } from './importSources';

/** A float32 tensor in PyTorch (row-major) layout. */
export interface LoadedTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** Called after each tensor is read: its name, and how many of `total` are done. */
export type TensorProgress = (tensor: string, done: number, total: number) => void;

/**
 * @returns every tensor of `file` by name (header order), as float32
 * @throws ImportError TRUNCATED when the file is shorter than its header says, BAD_FILE for a bad header
 */
/** ImportError for a safetensors problem in `file` (TRUNCATED names an incomplete download). */
export function safetensorsImportError(file: ImportFile, e: unknown): unknown {
  if (!(e instanceof SafetensorsError)) return e;
  const truncated = e.code === 'TRUNCATED';
  return new ImportError(truncated ? 'TRUNCATED' : 'BAD_FILE', `${file.name}: ${e.message}${truncated ? ' (incomplete download?)' : ''}`, { file: file.name, cause: e });
}

/** Reads and checks the header (against the file size first, so a truncated download fails before any work). */
export async function readSafetensorsFileHeader(file: ImportFile): Promise<SafetensorsHeader> {
  try {
    const headerLength = readSafetensorsHeaderLength(await file.read(0, Math.min(8, file.size)));
    if (8 + headerLength > file.size) {
      throw new SafetensorsError('TRUNCATED', `header says ${headerLength} bytes of JSON but the file has only ${file.size} bytes`);
    }
    return readSafetensorsHeader(await file.read(0, 8 + headerLength), { fileByteLength: file.size });
  } catch (e) {
    throw safetensorsImportError(file, e);
  }
}

/** Decodes one tensor's bytes (exactly its data range) to float32. */
export function decodeTensorBytes(file: ImportFile, info: SafetensorsTensorInfo, bytes: Uint8Array): Float32Array {
  const [begin, end] = info.dataOffsets;
  if (bytes.byteLength !== end - begin) {
    throw new ImportError('TRUNCATED', `${file.name}: tensor "${info.name}" needs ${end - begin} bytes, read ${bytes.byteLength}`, { file: file.name, tensor: info.name });
  }
  try {
    const t = decodeSafetensorsTensor({ ...info, dataOffsets: [0, end - begin] }, bytes);
    return toFloat32(t.dtype, t.data);
  } catch (e) {
    throw safetensorsImportError(file, e);
  }
}

/**
 * @returns every tensor of `file` by name (header order), as float32
 * @throws ImportError TRUNCATED when the file is shorter than its header says, BAD_FILE for a bad header
 */
export async function loadSafetensorsWeights(file: ImportFile, onTensor?: TensorProgress): Promise<Map<string, LoadedTensor>> {
  const header = await readSafetensorsFileHeader(file);
  const out = new Map<string, LoadedTensor>();
  const total = header.tensors.length;
  for (const info of header.tensors) {
    const [begin, end] = info.dataOffsets;
    const data = decodeTensorBytes(file, info, await file.read(header.dataStart + begin, end - begin));
    out.set(info.name, { data, dims: info.shape });
    onTensor?.(info.name, out.size, total);
  }
  return out;
}
