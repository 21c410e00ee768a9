/**
 * The worker's API: one plain object of async methods, exposed with comlink by studio.worker.ts.
 * Only clonable data crosses; sessions stay here.
 */
import { AbortError, raceAbort, throwIfAborted } from '../engine/progress/abort';
import { ProgressTracker, throttleProgress, type ProgressSink } from '../engine/progress/progress';
import { selfTestInput, SELF_TEST_SIZE } from '../engine/diagnostics/selfTestModel';
import { maxAbsDiff, selfTestReference } from '../engine/diagnostics/selfTestReference';
import type { BackendInfo, BackendPreference, JobId, RunModelResult, SelfTestResult, TensorData } from './protocol';
import { decideBackend, type BackendDecision } from './runtime/detectBackend';
import { configureOrt, OrtSessions, ortVersion, type InjectedFault, type SessionSource } from './runtime/ortSessions';
import { JobRegistry } from './jobs';

let preference: BackendPreference = 'auto';
let decision: BackendDecision | null = null;
let sessions: OrtSessions | null = null;
const jobs = new JobRegistry();
const modelCache = new Map<string, Promise<Uint8Array>>();

/** Built-in packs are served beside the app under `<base>/models/`. */
export function builtinModelUrl(path: string): string {
  return new URL(`${import.meta.env.BASE_URL}models/${path}`, self.location.origin).href;
}

function environment() {
  const nav = self.navigator as Navigator & { gpu?: unknown };
  return {
    gpu: nav.gpu as Parameters<typeof decideBackend>[1]['gpu'],
    crossOriginIsolated: Boolean(self.crossOriginIsolated),
    hardwareConcurrency: nav.hardwareConcurrency ?? 1,
  };
}

async function ensureRuntime(): Promise<{ decision: BackendDecision; sessions: OrtSessions }> {
  if (!decision || !sessions) {
    decision = await decideBackend(preference, environment());
    configureOrt(decision);
    sessions = new OrtSessions(decision.backend);
  }
  return { decision, sessions };
}

function info(d: BackendDecision, s: OrtSessions): BackendInfo {
  return {
    backend: s.activeBackend,
    preference,
    reason: d.reason,
    adapter: d.adapter,
    wasmThreads: d.wasmThreads,
    crossOriginIsolated: Boolean(self.crossOriginIsolated),
    simd: true,
    ortVersion: ortVersion(),
    notices: [...s.notices],
  };
}

async function fetchModel(url: string): Promise<Uint8Array> {
  let p = modelCache.get(url);
  if (!p) {
    p = (async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`Model file ${url} could not be fetched: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    })();
    modelCache.set(url, p);
    p.catch(() => modelCache.delete(url));
  }
  return p;
}

async function sourceFor(modelUrl: string): Promise<SessionSource> {
  return { key: modelUrl, model: await fetchModel(modelUrl) };
}

export const studioApi = {
  async backendInfo(): Promise<BackendInfo> {
    const r = await ensureRuntime();
    return info(r.decision, r.sessions);
  },

  /** Changes the backend preference; sessions are rebuilt on the next run. */
  async setBackendPreference(pref: BackendPreference): Promise<BackendInfo> {
    preference = pref;
    const next = await decideBackend(pref, environment());
    configureOrt(next);
    decision = next;
    if (sessions) await sessions.reset(next.backend);
    else sessions = new OrtSessions(next.backend);
    return info(next, sessions);
  },

  /** Runs one model once on float32 feeds (diagnostics, tests, small graphs). */
  async runModel(modelUrl: string, feeds: Record<string, TensorData>): Promise<RunModelResult> {
    const { sessions: s } = await ensureRuntime();
    const t0 = performance.now();
    const r = await s.runFloat32(await sourceFor(modelUrl), feeds);
    return { outputs: r.outputs, backend: r.backend, notice: r.notice, ms: performance.now() - t0 };
  },

  /**
   * Runs a model `iterations` times: the studio's runtime self-test and micro-benchmark. A long operation
   * with progress and cancellation like every other.
   */
  async repeatModel(
    jobId: JobId,
    modelUrl: string,
    feeds: Record<string, TensorData>,
    iterations: number,
    onProgress?: ProgressSink,
  ): Promise<{ iterations: number; msPerRun: number; last: RunModelResult }> {
    const signal = jobs.start(jobId);
    try {
      const { sessions: s } = await raceAbort(ensureRuntime(), signal);
      const source = await raceAbort(sourceFor(modelUrl), signal);
      const sink = onProgress ? throttleProgress(onProgress, 50) : undefined;
      const tracker = new ProgressTracker(jobId, 'run', iterations, sink);
      tracker.report(0);
      let last: RunModelResult | null = null;
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) {
        throwIfAborted(signal);
        const t = performance.now();
        const r = await raceAbort(s.runFloat32(source, feeds), signal);
        last = { outputs: r.outputs, backend: r.backend, notice: r.notice, ms: performance.now() - t };
        tracker.report(i + 1);
      }
      if (!last) throw new AbortError('Nothing to run');
      return { iterations, msPerRun: (performance.now() - t0) / iterations, last };
    } finally {
      jobs.finish(jobId);
    }
  },

  /** Runs the built-in self-test model and checks its output against the JS reference. */
  async selfTest(jobId: JobId, iterations: number, onProgress?: ProgressSink): Promise<SelfTestResult> {
    const x = selfTestInput(SELF_TEST_SIZE);
    const feeds = { x: { dims: [1, 3, SELF_TEST_SIZE, SELF_TEST_SIZE], data: x } };
    const r = await studioApi.repeatModel(jobId, builtinModelUrl('self-test/model.onnx'), feeds, iterations, onProgress);
    const y = r.last.outputs.y.data;
    const maxAbsError = maxAbsDiff(y, selfTestReference(x, SELF_TEST_SIZE));
    return {
      backend: r.last.backend,
      ok: maxAbsError <= 1e-4,
      maxAbsError,
      values: y.length,
      msPerRun: r.msPerRun,
      iterations,
      notice: r.last.notice,
    };
  },

  /** Stops a running job; it rejects with AbortError at its next check. Returns false for an unknown id. */
  async cancel(jobId: JobId): Promise<boolean> {
    return jobs.cancel(jobId);
  },

  /** Test hook: makes the next WebGPU session creations or runs fail, to exercise the WASM fallback. */
  async injectFault(fault: InjectedFault, on: boolean): Promise<void> {
    const { sessions: s } = await ensureRuntime();
    if (on) s.faults.add(fault);
    else s.faults.delete(fault);
  },

  async ping(): Promise<number> {
    return performance.now();
  },
};

export type StudioApi = typeof studioApi;
