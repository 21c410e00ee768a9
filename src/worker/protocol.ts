/**
 * Types that cross the worker boundary. Only structured-clonable data lives here:
 * sessions and GPU tensors stay inside the worker, the UI sees ids, numbers and bytes.
 */

export type { Progress } from '../engine/progress/progress';

/** What the user asked for in settings. */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

/** What actually runs models. */
export type Backend = 'webgpu' | 'wasm';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  /** `shader-f16` present: fp16 packs may run on WebGPU. */
  shaderF16: boolean;
  maxBufferSize: number;
}

export interface BackendInfo {
  backend: Backend;
  preference: BackendPreference;
  /** Human-readable reason for the choice, e.g. "WebGPU unavailable: no adapter → WASM, 2 threads". */
  reason: string;
  adapter: AdapterSummary | null;
  /** WASM threads (1 when SharedArrayBuffer / cross-origin isolation is missing). */
  wasmThreads: number;
  crossOriginIsolated: boolean;
  simd: boolean;
  ortVersion: string;
  /** Notices raised after start-up (e.g. a WebGPU session failed and was retried on WASM). */
  notices: string[];
}

export type JobId = string;

/** Float32 tensor as it crosses the boundary. */
export interface TensorData {
  dims: number[];
  data: Float32Array;
}

export interface RunModelResult {
  outputs: Record<string, TensorData>;
  backend: Backend;
  /** Set when the model had to fall back from WebGPU to WASM. */
  notice?: string;
  ms: number;
}

/** Stable error codes the UI maps to help texts. */
export type StudioErrorCode =
  | 'aborted'
  | 'backend-unavailable'
  | 'model-invalid'
  | 'model-run-failed'
  | 'pack-invalid'
  | 'pack-missing-file'
  | 'pack-checksum'
  | 'input-invalid'
  | 'internal';

export interface SelfTestResult {
  backend: Backend;
  ok: boolean;
  maxAbsError: number;
  values: number;
  msPerRun: number;
  iterations: number;
  notice?: string;
}

/** A pack as the UI sees it. */
export interface PackInfo {
  id: string;
  name: string;
  version: string;
  kind: string;
  description: string;
  testOnly: boolean;
  bytes: number;
  licences: { name: string; appliesTo: string; url?: string }[];
  source: string;
  components: string[];
  controls: { input: string; label: string; min: number; max: number; step: number; default: number; help?: string }[];
}

export interface BuiltinPackEntry {
  id: string;
  name: string;
  kind: string;
  bytes: number;
  testOnly: boolean;
}

export interface CachedPackInfo {
  pack: PackInfo;
  storedBytes: number;
  complete: boolean;
}

export interface LoadPackResult {
  pack: PackInfo;
  fromCacheBytes: number;
  fromSourceBytes: number;
  warning?: string;
  backend: Backend;
}

/** Where a pack is loaded from, as the UI can express it (files are transferred as Blobs). */
export type PackSourceRequest =
  | { kind: 'builtin'; id: string }
  | { kind: 'url'; url: string }
  | { kind: 'files'; files: { name: string; blob: Blob }[] };
