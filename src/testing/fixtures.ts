/**
 * @file The one loader for reference fixtures (fixtures/README.md). Node-only (node:fs); used by
 * tests and CLIs. Root: `$FIXTURES_DIR`, else `<repo>/fixtures`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  int64ToNumbers, readSafetensors, toFloat32,
  type SafetensorsFile, type SafetensorsTensor,
} from '../io/safetensors';

export { maxAbs, maxAbsValue, maxRel, meanAbs, scaledTolerance } from './tolerance';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute fixtures root: env FIXTURES_DIR (relative paths resolved against the cwd) or `<repo>/fixtures`. */
export function fixturesDir(): string {
  const env = process.env.FIXTURES_DIR;
  if (env && env.length > 0) return isAbsolute(env) ? env : resolve(process.cwd(), env);
  return join(REPO_ROOT, 'fixtures');
}

/** Resolves `rel` under the fixtures root (absolute paths are returned unchanged). */
export function fixturePath(...rel: string[]): string {
  const joined = join(...rel);
  return isAbsolute(joined) ? joined : join(fixturesDir(), joined);
}

export function fixtureExists(...rel: string[]): boolean {
  return existsSync(fixturePath(...rel));
}

/** Sorted names of the sub-folders of a fixtures folder. */
export function listFixtureFolders(...rel: string[]): string[] {
  const dir = fixturePath(...rel);
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

/** Sorted file names in a fixtures folder, optionally filtered. */
export function listFixtureFiles(rel: string, filter: (name: string) => boolean = () => true): string[] {
  const dir = fixturePath(rel);
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile() && filter(n)).sort();
}

export function readFixtureText(...rel: string[]): string {
  return readFileSync(fixturePath(...rel), 'utf8');
}

/** Plain JSON files (summary.json). Python-style Infinity/NaN configs go through parseSchedulerConfigJson. */
export function readFixtureJson<T = unknown>(...rel: string[]): T {
  return JSON.parse(readFixtureText(...rel)) as T;
}

/** A loaded safetensors fixture with typed accessors that throw naming the missing tensor. */
export class FixtureTensors {
  constructor(readonly path: string, readonly file: SafetensorsFile) {}

  get names(): string[] { return [...this.file.tensors.keys()].sort(); }

  get metadata(): Readonly<Record<string, string>> | null { return this.file.metadata; }

  has(name: string): boolean { return this.file.tensors.has(name); }

  tensor(name: string): SafetensorsTensor {
    const t = this.file.tensors.get(name);
    if (!t) throw new Error(`fixture ${this.path} has no tensor "${name}"; it has: ${this.names.join(', ')}`);
    return t;
  }

  shape(name: string): readonly number[] { return this.tensor(name).shape; }

  /** Elements as float32 (any dtype converted). */
  float32(name: string): Float32Array {
    const t = this.tensor(name);
    return toFloat32(t.dtype, t.data);
  }

  /** Elements as JS numbers (I64 exactly, floats widened). */
  numbers(name: string): number[] {
    const t = this.tensor(name);
    if (t.dtype === 'I64') return int64ToNumbers(t.data as BigInt64Array);
    return Array.from(toFloat32(t.dtype, t.data));
  }

  /** Row `i` of a tensor with a leading stacking axis (e.g. `samples[i]`). */
  row(name: string, i: number): Float32Array {
    const t = this.tensor(name);
    const rows = t.shape[0];
    if (i < 0 || i >= rows) throw new RangeError(`${name}[${i}] out of range (leading dim ${rows})`);
    const all = this.float32(name);
    const size = all.length / rows;
    return all.subarray(i * size, (i + 1) * size);
  }
}

const cache = new Map<string, FixtureTensors>();

/** Loads (and caches) a safetensors fixture, e.g. `loadFixture('schedulers', 'inputs.safetensors')`. */
export function loadFixture(...rel: string[]): FixtureTensors {
  const path = fixturePath(...rel);
  let f = cache.get(path);
  if (!f) {
    const bytes = readFileSync(path);
    f = new FixtureTensors(path, readSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    cache.set(path, f);
  }
  return f;
}
