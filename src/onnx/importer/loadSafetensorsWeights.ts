/**
 * @file Reads a safetensors weight file tensor by tensor through ranged reads (header first, then one
 * read per tensor), converting every float dtype to float32. Never holds the whole file in one buffer,
 * and checks the header against the file size first, so a truncated download fails before any work.
 */
import {
  decodeSafetensorsTensor, readSafetensorsHeader, readSafetensorsHeaderLength, SafetensorsError, toFloat32,
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
export async function loadSafetensorsWeights(file: ImportFile, onTensor?: TensorProgress): Promise<Map<string, LoadedTensor>> {
  const fail = (e: unknown): never => {
    if (e instanceof SafetensorsError) {
      throw new ImportError(e.code === 'TRUNCATED' ? 'TRUNCATED' : 'BAD_FILE', `${file.name}: ${e.message}${e.code === 'TRUNCATED' ? ' (incomplete download?)' : ''}`, { file: file.name, cause: e });
    }
    throw e;
  };
  let header;
  try {
    const headerLength = readSafetensorsHeaderLength(await file.read(0, Math.min(8, file.size)));
    if (8 + headerLength > file.size) {
      throw new SafetensorsError('TRUNCATED', `header says ${headerLength} bytes of JSON but the file has only ${file.size} bytes`);
    }
    header = readSafetensorsHeader(await file.read(0, 8 + headerLength), { fileByteLength: file.size });
  } catch (e) {
    fail(e);
  }
  const out = new Map<string, LoadedTensor>();
  const total = header!.tensors.length;
  for (const info of header!.tensors) {
    const [begin, end] = info.dataOffsets;
    const bytes = await file.read(header!.dataStart + begin, end - begin);
    if (bytes.byteLength !== end - begin) {
      throw new ImportError('TRUNCATED', `${file.name}: tensor "${info.name}" needs ${end - begin} bytes, read ${bytes.byteLength}`, { file: file.name, tensor: info.name });
    }
    let t;
    try {
      t = decodeSafetensorsTensor({ ...info, dataOffsets: [0, end - begin] }, bytes);
    } catch (e) {
      fail(e);
    }
    out.set(info.name, { data: toFloat32(t!.dtype, t!.data), dims: info.shape });
    onTensor?.(info.name, out.size, total);
  }
  return out;
}
