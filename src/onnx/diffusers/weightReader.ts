/**
 * @file Checked access to a WeightSource while building a graph: every tensor the graph consumes is
 * checked for presence and for the shape the config implies; at the end, tensors the graph never
 * consumed are reported. All problems are collected and thrown together, so one run lists every
 * mismatch (a wrong config usually breaks many tensors at once).
 */
import type { WeightSource } from './weightSource';

/** A tensor the graph needs, with the shape the config implies. */
export interface ExpectedTensor {
  name: string;
  dims: number[];
}

/** A tensor whose stored shape differs from what the config implies. */
export interface ShapeMismatch extends ExpectedTensor {
  fileDims: number[];
}

/** Thrown by {@link WeightReader.finish} when the weights do not fit the config. */
export class WeightMismatchError extends Error {
  constructor(
    readonly label: string,
    readonly missing: ExpectedTensor[],
    readonly extra: string[],
    readonly shapeMismatches: ShapeMismatch[],
  ) {
    const dims = (d: readonly number[]) => `[${d.join(', ')}]`;
    const list = (title: string, items: string[]) =>
      items.length === 0 ? [] : [`${title} (${items.length}):`, ...items.slice(0, 20).map((s) => `  ${s}`), ...(items.length > 20 ? [`  … and ${items.length - 20} more`] : [])];
    super([`${label}: weights do not match the config`,
      ...list('missing tensors', missing.map((m) => `${m.name} (expected ${dims(m.dims)})`)),
      ...list('shape mismatches', shapeMismatches.map((m) => `${m.name}: file has ${dims(m.fileDims)}, config implies ${dims(m.dims)}`)),
      ...list('unexpected tensors (not used by the graph)', extra)].join('\n'));
    this.name = 'WeightMismatchError';
  }
}

export interface WeightReaderOptions {
  /** Names a graph never consumes but that are fine to find (e.g. the other half of a VAE). */
  ignore?: (name: string) => boolean;
}

/** Wraps a WeightSource; `take` returns data or a zero placeholder while recording problems. */
export class WeightReader {
  private readonly used = new Set<string>();
  private readonly missing: ExpectedTensor[] = [];
  private readonly mismatched: ShapeMismatch[] = [];

  constructor(readonly source: WeightSource, private readonly options: WeightReaderOptions = {}) {}

  /**
   * The tensor `name`, which must have `dims`. On a problem, records it and returns zeros of `dims`
   * so building can go on and report everything at once in {@link finish}.
   */
  take(name: string, dims: readonly number[]): Float32Array {
    this.used.add(name);
    const have = this.source.shape(name);
    const n = dims.reduce((a, b) => a * b, 1);
    if (have === undefined) {
      this.missing.push({ name, dims: [...dims] });
      return new Float32Array(n);
    }
    if (have.length !== dims.length || have.some((d, i) => d !== dims[i])) {
      this.mismatched.push({ name, dims: [...dims], fileDims: [...have] });
      return new Float32Array(n);
    }
    return this.source.get(name).data;
  }

  /** Throws a WeightMismatchError naming the file and every bad tensor; no-op when all is well. */
  finish(): void {
    const extra = this.source.names().filter((nm) => !this.used.has(nm) && !(this.options.ignore?.(nm) ?? false));
    if (this.missing.length > 0 || this.mismatched.length > 0 || extra.length > 0) {
      throw new WeightMismatchError(this.source.label, this.missing, [...extra].sort(), this.mismatched);
    }
  }
}
