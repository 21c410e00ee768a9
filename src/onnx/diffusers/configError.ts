/**
 * @file Error thrown when a diffusers config.json asks for something the graph builders do not
 * implement, or is inconsistent. The message names the config key and its value.
 */

/** Stable code for UI help: which check failed. */
export type DiffusersConfigErrorCode = 'UNSUPPORTED' | 'INVALID';

export class DiffusersConfigError extends Error {
  readonly code: DiffusersConfigErrorCode;
  readonly key: string;
  constructor(code: DiffusersConfigErrorCode, model: string, key: string, value: unknown, why: string) {
    super(`${model} config: ${key} = ${JSON.stringify(value)} ${why}`);
    this.name = 'DiffusersConfigError';
    this.code = code;
    this.key = key;
  }
}

/** Per-block list from an int-or-list config value (diffusers broadcasts ints to every block). */
export function perBlock<T>(model: string, key: string, value: T | readonly T[], blocks: number): T[] {
  if (!Array.isArray(value)) return Array.from({ length: blocks }, () => value as T);
  if (value.length !== blocks) {
    throw new DiffusersConfigError('INVALID', model, key, value, `must have one entry per block (${blocks})`);
  }
  return [...(value as readonly T[])];
}

/** Throws UNSUPPORTED unless `ok`. */
export function requireSupported(ok: boolean, model: string, key: string, value: unknown, why: string): void {
  if (!ok) throw new DiffusersConfigError('UNSUPPORTED', model, key, value, why);
}

/** Throws INVALID unless `v` is a positive integer. */
export function positiveInt(model: string, key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new DiffusersConfigError('INVALID', model, key, v, 'must be a positive integer');
  }
  return v;
}
