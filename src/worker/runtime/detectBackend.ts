/**
 * Chooses the execution backend inside the worker: WebGPU when an adapter exists, else WASM
 * (multi-threaded when the page is cross-origin isolated). Returns the choice with a reason a person can read.
 */
import type { AdapterSummary, Backend, BackendPreference } from '../protocol';

/** The few WebGPU members we touch; avoids a dependency on @webgpu/types. */
interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number };
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

export interface BackendEnvironment {
  gpu: GpuLike | undefined;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export interface BackendDecision {
  backend: Backend;
  reason: string;
  adapter: AdapterSummary | null;
  rawAdapter: unknown;
  wasmThreads: number;
}

/** Most laptops gain nothing past 4 WASM threads for conv-heavy graphs; more just contends with the UI. */
const MAX_WASM_THREADS = 4;

/**
 * One core is left to the page: when the compute threads take every core, the page's main thread is
 * descheduled in the middle of its (short) work, and a 15 ms render becomes a 150 ms long task. Measured on
 * 2 cores during a 1,000-image queue (docs/performance.md, "UI during a queue").
 */
export function wasmThreadCount(env: Pick<BackendEnvironment, 'crossOriginIsolated' | 'hardwareConcurrency'>): number {
  if (!env.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined') return 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, (env.hardwareConcurrency || 1) - 1));
}

function summarise(a: GpuAdapterLike): AdapterSummary {
  return {
    vendor: a.info?.vendor ?? '',
    architecture: a.info?.architecture ?? '',
    description: a.info?.description ?? '',
    isFallbackAdapter: Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter),
    shaderF16: a.features.has('shader-f16'),
    maxBufferSize: Number(a.limits.maxBufferSize),
  };
}

function threadsText(n: number, isolated: boolean): string {
  if (n > 1) return `${n} threads`;
  return isolated ? '1 thread' : '1 thread (no cross-origin isolation, so no SharedArrayBuffer)';
}

export async function decideBackend(pref: BackendPreference, env: BackendEnvironment): Promise<BackendDecision> {
  const wasmThreads = wasmThreadCount(env);
  const wasmText = `WASM, ${threadsText(wasmThreads, env.crossOriginIsolated)}`;
  if (pref === 'wasm') {
    return { backend: 'wasm', reason: `WASM chosen in settings → ${wasmText}`, adapter: null, rawAdapter: null, wasmThreads };
  }
  let why: string;
  if (!env.gpu) {
    why = 'WebGPU unavailable: this browser has no navigator.gpu';
  } else {
    let adapter: GpuAdapterLike | null = null;
    try {
      adapter = await env.gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch (e) {
      why = `WebGPU unavailable: requestAdapter failed (${(e as Error).message})`;
    }
    if (adapter) {
      const summary = summarise(adapter);
      const name = [summary.vendor, summary.architecture, summary.description].filter(Boolean).join(' ') || 'unnamed adapter';
      const f16 = summary.shaderF16 ? 'shader-f16' : 'no shader-f16 (fp32 packs only)';
      const fallbackNote = summary.isFallbackAdapter ? ', software fallback adapter: correct but slow' : '';
      const lead = pref === 'webgpu' ? 'WebGPU chosen in settings' : 'WebGPU adapter found';
      return {
        backend: 'webgpu',
        reason: `${lead}: ${name}, ${f16}${fallbackNote}`,
        adapter: summary,
        rawAdapter: adapter,
        wasmThreads,
      };
    }
    why ??= 'WebGPU unavailable: no adapter';
  }
  const forcedNote = pref === 'webgpu' ? ' (WebGPU was requested in settings)' : '';
  return { backend: 'wasm', reason: `${why}${forcedNote} → ${wasmText}`, adapter: null, rawAdapter: null, wasmThreads };
}
