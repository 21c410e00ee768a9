/** @file Messages between the bench harness page module and its worker (plain, clonable data). */
import type { RuntimeOptions } from '../runtimeFigures';

export type HarnessRequest =
  | { id: number; cmd: 'adapter' }
  | { id: number; cmd: 'runtime'; base: string; threads: number; options: Omit<RuntimeOptions, 'onStep' | 'log'> }
  /** Bare session creation only (the pack-load bench's denominator). */
  | { id: number; cmd: 'create'; base: string; threads: number; rounds: number }
  /** One whole generation (sessions, denoise steps, VAE decode) while the page watches its main thread. */
  | { id: number; cmd: 'generate'; base: string; threads: number; steps: number };

export type HarnessMessage =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'step'; done: number; total: number }
  | { type: 'log'; line: string };

/** What the bench learnt about WebGPU; `available` only for a hardware adapter with shader-f16. */
export interface AdapterReport {
  available: boolean;
  reason: string;
  name?: string;
  isFallbackAdapter?: boolean;
  shaderF16?: boolean;
}
