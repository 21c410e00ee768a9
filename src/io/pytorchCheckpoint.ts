/**
 * @file Reads a PyTorch `pytorch_model.bin` / `.pt` state dict in the zip format `torch.save` writes
 * since torch 1.6 (`<archive>/data.pkl`, `<archive>/data/<key>` raw little-endian storages,
 * `<archive>/version`, optional `<archive>/byteorder`) WITHOUT executing it: data.pkl goes through the
 * restricted interpreter of pytorchCheckpointPickle.ts, and tensors are materialised here from their
 * storage, offset, size and stride as contiguous float32. Pickle-based checkpoints can run arbitrary code
 * when loaded with torch.load; this reader only ever reads bytes.
 */
import { unzipSync } from 'fflate';
import { PytorchCheckpointError } from './pytorchCheckpointError';
import { PickleDict, unpickleStateDict, type PickleValue, type StorageRef, type TensorRef } from './pytorchCheckpointPickle';
import { DTYPE_BYTES, toFloat32, typedArrayFor, type SafetensorsData, type SafetensorsDtype } from './safetensorsDtype';

export { PytorchCheckpointError, type PytorchCheckpointErrorCode } from './pytorchCheckpointError';

/** One tensor: original dtype (safetensors spelling) and contiguous row-major float32 values. */
export interface PytorchTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Converted from the storage dtype (F16/BF16 decoded, integers exact below 2^24). */
  readonly data: Float32Array;
}

/** The tensors of a state dict, in pickle order, plus the keys whose values were not tensors. */
export interface PytorchCheckpoint {
  readonly tensors: Map<string, PytorchTensor>;
  /** Non-tensor entries skipped (e.g. `epoch`, `global_step` of training checkpoints). */
  readonly ignoredKeys: string[];
}

/** Largest tensor materialised (2^30 float32 elements = 4 GiB; SD's largest weight has ~38M). */
export const MAX_TENSOR_ELEMENTS = 2 ** 30;

/** torch legacy storage class → element dtype. */
const STORAGE_DTYPES: Record<string, SafetensorsDtype> = {
  FloatStorage: 'F32', HalfStorage: 'F16', BFloat16Storage: 'BF16', DoubleStorage: 'F64', LongStorage: 'I64', IntStorage: 'I32',
};

/**
 * @param bytes the whole checkpoint file
 * @param fileName used in error messages
 * @throws PytorchCheckpointError, with a code, naming the file and what was refused
 */
export function readPytorchCheckpoint(bytes: Uint8Array, fileName = 'pytorch_model.bin'): PytorchCheckpoint {
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
  if (!isZip) {
    const legacy = bytes[0] === 0x80; // a raw pickle: torch < 1.6 wrote magic number + pickles without a zip
    throw new PytorchCheckpointError('NOT_ZIP', `${fileName}: not a zip-based torch.save file` +
      (legacy ? ' (it looks like the legacy torch < 1.6 format, which is not supported; re-save it with a recent torch or convert it to safetensors)' : ''));
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new PytorchCheckpointError('BAD_ZIP', `${fileName}: unreadable zip archive (${(e as Error).message})`);
  }
  const pickles = Object.keys(files).filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1) {
    throw new PytorchCheckpointError('BAD_ZIP', `${fileName}: expected exactly one "<archive>/data.pkl" record, found ${pickles.length ? pickles.join(', ') : 'none'}`);
  }
  const prefix = pickles[0].slice(0, -'data.pkl'.length);
  const byteorder = files[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') {
    throw new PytorchCheckpointError('UNSUPPORTED', `${fileName}: storages are big-endian; only little-endian checkpoints are supported`);
  }

  const root = unpickleStateDict(files[pickles[0]], `${fileName} (${pickles[0]})`);
  if (!(root instanceof PickleDict)) throw new PytorchCheckpointError('BAD_PICKLE', `${fileName}: data.pkl does not hold a dict (state dict)`);

  const storages = new Map<string, SafetensorsData>();
  const tensors = new Map<string, PytorchTensor>();
  const ignoredKeys: string[] = [];
  const visit = (dict: PickleDict, path: string): void => {
    for (const [k, v] of dict.entries) {
      const key = path + String(k);
      if (v instanceof PickleDict) visit(v, `${key}.`); // nested dicts, e.g. {"state_dict": {...}}
      else if (isTensor(v)) tensors.set(key, materialise(v, key, files, prefix, storages, fileName));
      else ignoredKeys.push(key);
    }
  };
  visit(root, '');
  return { tensors, ignoredKeys };
}

function isTensor(v: PickleValue): v is TensorRef {
  return typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'tensor';
}

/** Decodes one storage record once (tied weights share it). */
function storageData(ref: StorageRef, files: Record<string, Uint8Array>, prefix: string, cache: Map<string, SafetensorsData>, fileName: string) {
  const cached = cache.get(ref.key);
  if (cached) return cached;
  const dtype = STORAGE_DTYPES[ref.storageType];
  const record = `${prefix}data/${ref.key}`;
  const raw = files[record];
  const byteLength = ref.numel * DTYPE_BYTES[dtype];
  if (!raw) throw new PytorchCheckpointError('MISSING_STORAGE', `${fileName}: storage record "${record}" (${ref.storageType}, ${ref.numel} elements) is missing from the archive`);
  if (raw.length < byteLength) {
    throw new PytorchCheckpointError('MISSING_STORAGE', `${fileName}: storage record "${record}" has ${raw.length} bytes, ${ref.storageType} of ${ref.numel} elements needs ${byteLength}`);
  }
  // Typed views need element alignment; unzipped records usually start at 0, otherwise copy.
  const aligned = raw.byteOffset % DTYPE_BYTES[dtype] === 0 ? raw : raw.slice(0, byteLength);
  const data = typedArrayFor(dtype, aligned.buffer, aligned.byteOffset, ref.numel);
  cache.set(ref.key, data);
  return data;
}

/** Gathers the strided view into a contiguous array and converts it to float32. */
function materialise(
  t: TensorRef, key: string, files: Record<string, Uint8Array>, prefix: string, cache: Map<string, SafetensorsData>, fileName: string,
): PytorchTensor {
  const dtype = STORAGE_DTYPES[t.storage.storageType];
  const storage = storageData(t.storage, files, prefix, cache, fileName);
  const n = t.size.reduce((a, b) => a * b, 1);
  // Stride-0 (expanded) views can claim far more elements than their storage holds; cap the allocation.
  if (n > MAX_TENSOR_ELEMENTS) {
    throw new PytorchCheckpointError('BAD_TENSOR', `${fileName}: tensor "${key}" has ${n} elements (size [${t.size.join(', ')}]), over the ${MAX_TENSOR_ELEMENTS} this reader materialises`);
  }
  if (n > 0) {
    // Largest element index the view touches must lie inside the storage.
    const last = t.storageOffset + t.size.reduce((acc, s, i) => acc + (s - 1) * t.stride[i], 0);
    if (last >= t.storage.numel) {
      throw new PytorchCheckpointError('BAD_TENSOR', `${fileName}: tensor "${key}" (size [${t.size.join(', ')}], stride [${t.stride.join(', ')}], offset ${t.storageOffset}) reaches element ${last} of a ${t.storage.numel}-element storage`);
    }
  }
  let contiguousStride = 1;
  const contiguous = t.size.every((_, i) => {
    const d = t.size.length - 1 - i;
    const ok = t.size[d] === 1 || t.stride[d] === contiguousStride;
    contiguousStride *= t.size[d];
    return ok;
  });
  if (contiguous) {
    // The common case (every saved parameter): a plain slice, no per-element gather.
    const view = storage.subarray(t.storageOffset, t.storageOffset + n) as SafetensorsData;
    return { dtype, shape: [...t.size], data: toFloat32(dtype, view) };
  }
  const out = typedArrayFor(dtype, new ArrayBuffer(n * DTYPE_BYTES[dtype]), 0, n) as unknown as { [i: number]: number | bigint; length: number };
  const rank = t.size.length;
  const index = new Array<number>(rank).fill(0);
  let src = t.storageOffset;
  for (let i = 0; i < n; i++) {
    out[i] = storage[src];
    // Odometer over the dims, last dim fastest: row-major output order.
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < t.size[d]) { src += t.stride[d]; break; }
      src -= (index[d] - 1) * t.stride[d];
      index[d] = 0;
    }
  }
  return { dtype, shape: [...t.size], data: toFloat32(dtype, out as unknown as SafetensorsData) };
}
