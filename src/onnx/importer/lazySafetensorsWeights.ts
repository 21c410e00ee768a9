/**
 * @file Weights read on demand from a safetensors file: the header is read once, then each tensor is read
 * (a ranged synchronous read) and converted to float32 only when a graph builder asks for it, and is not
 * kept. Together with streamed initializers (GraphBuilderOptions.streamInitializers) an import holds about
 * one tensor at a time instead of the whole model.
 */
import type { SafetensorsTensorInfo } from '../../io/safetensors';
import type { WeightSource, WeightTensor } from '../diffusers/weightSource';
import type { WeightMap, WeightTensor as ClipWeightTensor } from '../transformers/clipTextWeights';
import type { ImportFile } from './importSources';
import { decodeTensorBytes, readSafetensorsFileHeader } from './loadSafetensorsWeights';

/** Tensor names, shapes from the header, and a synchronous reader of one tensor. */
export interface LazyTensors {
  readonly label: string;
  readonly names: readonly string[];
  shape(name: string): readonly number[] | undefined;
  /** Reads and converts `name` now (throws ImportError on a short read). */
  read(name: string): Float32Array;
}

/**
 * @returns the lazy view of `file`, or null when the file cannot be read synchronously (then the caller
 *   loads every tensor up front, as before)
 */
export async function openLazySafetensors(file: ImportFile): Promise<LazyTensors | null> {
  const readSync = file.readSync?.bind(file);
  if (!readSync) return null;
  const header = await readSafetensorsFileHeader(file);
  const infos = new Map<string, SafetensorsTensorInfo>(header.tensors.map((t) => [t.name, t]));
  return {
    label: file.name,
    names: header.tensors.map((t) => t.name),
    shape: (name) => infos.get(name)?.shape,
    read(name) {
      const info = infos.get(name);
      if (!info) throw new Error(`${file.name}: no tensor "${name}"`);
      const [begin, end] = info.dataOffsets;
      return decodeTensorBytes(file, info, readSync(header.dataStart + begin, end - begin));
    },
  };
}

/** Bytes the weights take once stored in `bytesPerElement` (from shapes alone: nothing is read). */
export function lazyWeightBytes(t: LazyTensors, bytesPerElement: number): number {
  let n = 0;
  for (const name of t.names) n += (t.shape(name) ?? []).reduce((a, b) => a * b, 1);
  return n * bytesPerElement;
}

/** A diffusers WeightSource over lazy tensors; `onTensor` hears of each tensor as it is read. */
export function lazyWeightSource(t: LazyTensors, onTensor?: (name: string) => void): WeightSource {
  return {
    label: t.label,
    names: () => t.names,
    shape: (name) => t.shape(name),
    get(name): WeightTensor {
      const dims = t.shape(name);
      if (!dims) throw new Error(`${t.label}: no tensor "${name}"`);
      const data = t.read(name);
      onTensor?.(name);
      return { data, dims };
    },
  };
}

/** A CLIP WeightMap (a ReadonlyMap) whose `get` reads the tensor when asked; iterating values reads them one by one. */
export class LazyWeightMap implements WeightMap {
  constructor(private readonly t: LazyTensors, private readonly onTensor?: (name: string) => void) {}

  get size(): number {
    return this.t.names.length;
  }

  has(name: string): boolean {
    return this.t.shape(name) !== undefined;
  }

  get(name: string): ClipWeightTensor | undefined {
    const shape = this.t.shape(name);
    if (!shape) return undefined;
    const data = this.t.read(name);
    this.onTensor?.(name);
    return { shape, data };
  }

  forEach(fn: (value: ClipWeightTensor, key: string, map: ReadonlyMap<string, ClipWeightTensor>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  *keys(): MapIterator<string> {
    yield* this.t.names;
  }

  *values(): MapIterator<ClipWeightTensor> {
    for (const name of this.t.names) yield this.get(name)!;
  }

  *entries(): MapIterator<[string, ClipWeightTensor]> {
    for (const name of this.t.names) yield [name, this.get(name)!];
  }

  [Symbol.iterator](): MapIterator<[string, ClipWeightTensor]> {
    return this.entries();
  }
}
