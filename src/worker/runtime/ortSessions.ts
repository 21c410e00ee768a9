/**
 * Owns every onnxruntime-web InferenceSession. The only module that imports ORT for running models.
 * A session that fails on WebGPU (creation or run) is rebuilt on WASM and the fallback is recorded as a notice.
 */
import * as ort from 'onnxruntime-web';
import type { Backend, TensorData } from '../protocol';
import type { BackendDecision } from './detectBackend';
import { buildBackendWarmUpModel } from './webgpuFirst';
import { yieldToMessages } from './yieldToMessages';

export interface SessionSource {
  /** Cache key: the same key returns the same live session. */
  key: string;
  /** Pin this model to a backend regardless of the active one (a pack's `backend` field). */
  backend?: Backend;
  model: Uint8Array;
  /** External-data files by the path the model names; a string is a URL ORT fetches itself (no JS-heap copy). */
  externalData?: { path: string; data: Uint8Array | string }[];
}

export interface ManagedSession {
  key: string;
  backend: Backend;
  session: ort.InferenceSession;
  inputNames: readonly string[];
  outputNames: readonly string[];
  /** Runs on one session are serialised: a run abandoned by cancel may still be in flight. */
  tail: Promise<unknown>;
  /** Outputs stay in GPU buffers (preferredOutputLocation 'gpu-buffer'); runFloat32 still downloads them. */
  gpuOutputs?: boolean;
}

export class StudioErrorWithCode extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

let wasmConfigured = false;

/** Applies the decision to ORT's global env. WASM thread count only takes effect before the first session. */
export function configureOrt(decision: BackendDecision): void {
  if (!wasmConfigured) {
    ort.env.wasm.numThreads = decision.wasmThreads;
    wasmConfigured = true;
  }
  if (decision.backend === 'webgpu' && decision.rawAdapter) {
    // Hand ORT the adapter we inspected so the backend it uses is the one the UI describes.
    (ort.env.webgpu as { adapter: unknown }).adapter = decision.rawAdapter;
  }
  ort.env.logLevel = 'error';
}

export function ortVersion(): string {
  return ort.env.versions?.web ?? 'unknown';
}

/** Faults the reliability tests inject to exercise the fallback paths on a machine whose WebGPU works. */
export type InjectedFault = 'webgpu-create' | 'webgpu-run';

export class OrtSessions {
  private readonly sessions = new Map<string, Promise<ManagedSession>>();
  readonly notices: string[] = [];
  readonly faults = new Set<InjectedFault>();

  constructor(private backend: Backend) {}

  get activeBackend(): Backend {
    return this.backend;
  }

  /** Drops every session (e.g. after the backend preference changes). */
  async reset(backend: Backend): Promise<void> {
    this.backend = backend;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(all.map(async (p) => (await p).session.release()));
  }

  async release(key: string): Promise<void> {
    const p = this.sessions.get(key);
    this.sessions.delete(key);
    if (p) await (await p).session.release().catch(() => undefined);
  }

  get(source: SessionSource): Promise<ManagedSession> {
    let p = this.sessions.get(source.key);
    if (!p) {
      p = this.create(source, source.backend ?? this.backend);
      this.sessions.set(source.key, p);
      // A failed creation must not poison the cache: the next call tries again.
      p.catch(() => this.sessions.delete(source.key));
    }
    return p;
  }

  /**
   * The session for `source` with its outputs kept on the GPU when it runs on WebGPU (a WASM session is
   * returned as it is), for device-resident loops (runtime/residentLatentOps.ts). A cached WebGPU session
   * is released first and rebuilt once under the same key, so the weights are never held twice;
   * runFloat32 keeps working on it (runNow's getData downloads GPU outputs).
   */
  async getWithGpuOutputs(source: SessionSource): Promise<ManagedSession> {
    const current = await this.get(source);
    if (current.backend !== 'webgpu' || current.gpuOutputs) return current;
    await current.tail;
    this.sessions.delete(source.key);
    await current.session.release().catch(() => undefined);
    const p = this.create(source, 'webgpu', true);
    this.sessions.set(source.key, p);
    p.catch(() => this.sessions.delete(source.key));
    return p;
  }

  private async create(source: SessionSource, backend: Backend, gpuOutputs = false): Promise<ManagedSession> {
    try {
      return await this.createOn(source, backend, gpuOutputs);
    } catch (e) {
      if (backend !== 'webgpu') {
        throw new StudioErrorWithCode('model-invalid', `Could not load model "${source.key}": ${(e as Error).message}`);
      }
      this.notices.push(`WebGPU could not load "${source.key}" (${(e as Error).message}); retried on WASM.`);
      try {
        return await this.createOn(source, 'wasm');
      } catch (e2) {
        throw new StudioErrorWithCode('model-invalid', `Could not load model "${source.key}": ${(e2 as Error).message}`);
      }
    }
  }

  private webgpuStarted: Promise<void> | undefined;

  /** See webgpuFirst.ts: a WASM-pinned session must not be the first session while WebGPU is active. */
  private startWebgpuFirst(): Promise<void> {
    this.webgpuStarted ??= ort.InferenceSession.create(buildBackendWarmUpModel(), { executionProviders: ['webgpu'] }).then(
      (s) => s.release(),
      // A WebGPU backend that cannot start is reported by the real session's own fallback, not here.
      () => undefined,
    );
    return this.webgpuStarted;
  }

  private async createOn(source: SessionSource, backend: Backend, gpuOutputs = false): Promise<ManagedSession> {
    if (backend === 'webgpu' && this.faults.has('webgpu-create')) throw new Error('injected fault: WebGPU session creation failed');
    if (this.backend === 'webgpu') await this.startWebgpuFirst();
    const keepOnGpu = gpuOutputs && backend === 'webgpu';
    const session = await ort.InferenceSession.create(source.model, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      externalData: source.externalData,
      ...(keepOnGpu ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
    });
    return { key: source.key, backend, session, inputNames: session.inputNames, outputNames: session.outputNames, tail: Promise.resolve(), ...(keepOnGpu ? { gpuOutputs: true } : {}) };
  }

  /**
   * Runs float32 feeds and returns float32 outputs on the CPU. If the WebGPU run fails, the session is
   * rebuilt on WASM and the run repeated once, with a notice.
   */
  async runFloat32(source: SessionSource, feeds: Record<string, TensorData>): Promise<{ outputs: Record<string, TensorData>; backend: Backend; notice?: string }> {
    const managed = await this.get(source);
    try {
      if (managed.backend === 'webgpu' && this.faults.has('webgpu-run')) throw new Error('injected fault: WebGPU device lost during run');
      return { outputs: await runOnce(managed, feeds), backend: managed.backend };
    } catch (e) {
      if (managed.backend !== 'webgpu') {
        throw new StudioErrorWithCode('model-run-failed', `Model "${source.key}" failed: ${(e as Error).message}`);
      }
      const notice = `WebGPU run of "${source.key}" failed (${(e as Error).message}); retried on WASM.`;
      this.notices.push(notice);
      await this.release(source.key);
      const onWasm = this.createOn(source, 'wasm');
      this.sessions.set(source.key, onWasm);
      const m = await onWasm;
      return { outputs: await runOnce(m, feeds), backend: 'wasm', notice };
    }
  }
}

function runOnce(m: ManagedSession, feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
  const result = m.tail.then(() => runNow(m, feeds));
  m.tail = result.catch(() => undefined);
  return result;
}

async function runNow(m: ManagedSession, feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
  const missing = m.inputNames.filter((n) => !(n in feeds));
  if (missing.length) {
    throw new StudioErrorWithCode('input-invalid', `Model "${m.key}" needs inputs ${missing.map((n) => `"${n}"`).join(', ')}`);
  }
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const name of m.inputNames) ortFeeds[name] = new ort.Tensor('float32', feeds[name].data, feeds[name].dims);
  const results = await m.session.run(ortFeeds);
  await yieldToMessages();
  const out: Record<string, TensorData> = {};
  for (const name of m.outputNames) {
    const t = results[name];
    const data = (await t.getData(true)) as Float32Array;
    out[name] = { dims: [...t.dims], data };
  }
  return out;
}
