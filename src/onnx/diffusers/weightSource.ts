/**
 * @file Where model weights come from while a graph is built: a name list plus float32 tensors by
 * name. Today a safetensors file held in memory; later a tensor-by-tensor stream (header first,
 * then ranges), which is why `shape()` can answer from a header without touching data.
 */
import { readSafetensors, toFloat32, type SafetensorsFile } from '../../io/safetensors';

/** One weight tensor as float32, row-major (PyTorch layout). */
export interface WeightTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** Named float32 tensors. `label` (e.g. the file name) appears in every error about them. */
export interface WeightSource {
  readonly label: string;
  /** All tensor names available. */
  names(): readonly string[];
  /** Shape without loading data, or undefined when `name` is absent. */
  shape(name: string): readonly number[] | undefined;
  /** The tensor converted to float32 (F16/BF16/F64 sources are widened/narrowed); throws when absent. */
  get(name: string): WeightTensor;
}

/** A WeightSource over a parsed safetensors file (tensor data stay views on the file bytes where possible). */
export function safetensorsWeightSource(file: SafetensorsFile | Uint8Array | ArrayBuffer, label: string): WeightSource {
  const parsed = file instanceof Uint8Array || file instanceof ArrayBuffer ? readSafetensors(file) : file;
  const names = [...parsed.tensors.keys()];
  return {
    label,
    names: () => names,
    shape: (name) => parsed.tensors.get(name)?.shape,
    get(name) {
      const t = parsed.tensors.get(name);
      if (!t) throw new Error(`${label}: no tensor "${name}"`);
      return { data: toFloat32(t.dtype, t.data), dims: t.shape };
    },
  };
}

/** A WeightSource over plain arrays (tests, synthetic models). */
export function mapWeightSource(tensors: ReadonlyMap<string, WeightTensor>, label: string): WeightSource {
  return {
    label,
    names: () => [...tensors.keys()],
    shape: (name) => tensors.get(name)?.dims,
    get(name) {
      const t = tensors.get(name);
      if (!t) throw new Error(`${label}: no tensor "${name}"`);
      return t;
    },
  };
}
