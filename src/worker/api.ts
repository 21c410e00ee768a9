/**
 * The worker's API: one plain object of async methods, exposed with comlink by studio.worker.ts.
 * Only clonable data crosses; sessions stay here.
 */
import { AbortError, raceAbort, throwIfAborted } from '../engine/progress/abort';
import { ProgressTracker, throttleProgress, type ProgressSink } from '../engine/progress/progress';
import { selfTestInput, SELF_TEST_SIZE } from '../engine/diagnostics/selfTestModel';
import { maxAbsDiff, selfTestReference } from '../engine/diagnostics/selfTestReference';
import type { BackendInfo, BackendPreference, JobId, PackInfo, RunModelResult, SelfTestResult, TensorData } from './protocol';
import { decideBackend, type BackendDecision } from './runtime/detectBackend';
import { configureOrt, OrtSessions, ortVersion, type InjectedFault, type SessionSource } from './runtime/ortSessions';
import { JobRegistry } from './jobs';
import { PackRegistry } from './packs/packRegistry';
import { toPackInfo } from './packs/toPackInfo';
import { loadPack } from '../packs/loader/loadPack';
import { CacheStoragePackStore } from '../packs/store/cacheStoragePackStore';
import { MemoryPackStore } from '../packs/store/memoryPackStore';
import type { PackStore } from '../packs/store/packStore';
import type { BuiltinPackEntry, CachedPackInfo, EnhanceItem, EnhanceItemResult, IngestResult, LoadPackResult, PackSourceRequest, SampleRequest } from './protocol';
import { ingestFiles } from './workspace/ingestFiles';
import { generateSamples } from './workspace/generateSamples';
import { enhanceBatch } from './enhance/enhanceBatch';
import { exportZip } from './export/exportZip';
import { importArc2FaceFilesToStore } from './importer/importArc2FaceFiles';
import { createFaceStackService, type FaceStackService } from './facestack/faceStackService';
import { scoreFacePairs, type FacePair, type FacePairScore } from './facestack/scoreFacePairs';
import type { ExportRequest, ExportResult } from './protocol';
import type { RenderBatchRequest, RenderPreviewResult, RenderSpec } from './protocol';
import { renderPreview } from './render/renderPreview';
import { renderBatch } from './render/renderBatch';
import { residentLatentOps } from './runtime/residentLatentOps';
import { calibrateRealismOffset } from './calibration/calibrateRealismOffset';
import { attachRealismCalibration, attachedRealismCalibrationFile, detachRealismCalibration, resolveRealismOffset } from './calibration/attachedRealismOffset';
import type { CalibrationRequest, CalibrationResult, RealismOffsetInfo } from './calibration/calibrationTypes';

let preference: BackendPreference = 'auto';
let decision: BackendDecision | null = null;
let sessions: OrtSessions | null = null;
const jobs = new JobRegistry();
const modelCache = new Map<string, Promise<Uint8Array>>();
const packs = new PackRegistry(() => {
  if (!sessions) throw new Error('runtime not started');
  return sessions;
});
let packStore: PackStore | null = null;

/** Cache Storage when the browser has it (second visit works offline), else memory for this visit. */
function store(): PackStore {
  packStore ??= typeof caches !== 'undefined' ? new CacheStoragePackStore(self.location.origin) : new MemoryPackStore();
  return packStore;
}

let faceStack: Promise<FaceStackService> | undefined;

/** The built-in face stack (detector, landmarks, identity), loaded on first use; a failed load is retried next time. */
function faceStackService(jobId: JobId): Promise<FaceStackService> {
  faceStack ??= (async () => {
    // Its own job id: loadPack registers the id it is given.
    if (!packs.get('face-stack')) await studioApi.loadPack(`${jobId}:face-stack`, { kind: 'builtin', id: 'face-stack' });
    return createFaceStackService(async (component, feeds) => (await studioApi.runPackComponent('face-stack', component, feeds)).outputs);
  })().catch((e) => {
    faceStack = undefined;
    throw e;
  });
  return faceStack;
}

/** Models beyond this cannot load: WASM has a 4 GiB address space; keep headroom for activations. */
function memoryBudgetBytes(d: BackendDecision): number {
  const wasmLimit = 3.5 * 2 ** 30;
  const deviceGiB = (self.navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const deviceLimit = deviceGiB ? deviceGiB * 2 ** 30 * 0.6 : Infinity;
  return d.backend === 'wasm' ? Math.min(wasmLimit, deviceLimit) : deviceLimit;
}

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

/**
 * Runs a job: registers its cancel signal, throttles its progress reports, and unregisters it however it
 * ends. Every long worker operation goes through here.
 */
async function asJob<T>(
  jobId: JobId,
  onProgress: ProgressSink | undefined,
  body: (job: { jobId: JobId; signal: AbortSignal; onProgress?: ProgressSink }) => Promise<T>,
): Promise<T> {
  const signal = jobs.start(jobId);
  try {
    return await body({ jobId, signal, onProgress: onProgress ? throttleProgress(onProgress, 100) : undefined });
  } finally {
    jobs.finish(jobId);
  }
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

  /** The packs `npm run models` generated into the app's models/ folder. */
  async listBuiltinPacks(): Promise<BuiltinPackEntry[]> {
    const res = await fetch(builtinModelUrl('index.json'));
    if (!res.ok) throw new Error(`The built-in pack list could not be read (HTTP ${res.status}); run "npm run models"`);
    return ((await res.json()) as { packs: BuiltinPackEntry[] }).packs;
  },

  /** Loads (or re-loads) a pack with progress; on any failure the previously loaded pack stays. */
  async loadPack(jobId: JobId, source: PackSourceRequest, onProgress?: ProgressSink): Promise<LoadPackResult> {
    const signal = jobs.start(jobId);
    try {
      const rt = await raceAbort(ensureRuntime(), signal);
      const loaded = await loadPack(source, {
        store: store(),
        fetch: (url, init) => fetch(url, init),
        builtinBase: builtinModelUrl(''),
        jobId,
        onProgress: onProgress ? throttleProgress(onProgress, 100) : undefined,
        signal,
        memoryBudgetBytes: memoryBudgetBytes(rt.decision),
      });
      onProgress?.({ jobId, phase: 'init', done: 0, total: Object.keys(loaded.manifest.components).length, etaMs: null });
      await raceAbort(packs.register(loaded), signal);
      return {
        pack: toPackInfo(loaded.manifest),
        fromCacheBytes: loaded.fromCacheBytes,
        fromSourceBytes: loaded.fromSourceBytes,
        warning: loaded.cacheWarning,
        backend: rt.sessions.activeBackend,
      };
    } finally {
      jobs.finish(jobId);
    }
  },

  /**
   * Converts the official Arc2Face / SD1.5 VAE / ArcFace files into a pack here in the worker (the same
   * importer as `npm run import`), streamed tensor by tensor into the pack store, then loads it from there.
   */
  async importArc2Face(jobId: JobId, files: { name: string; blob: Blob }[], options: { precision: 'fp32' | 'fp16' }, onProgress?: ProgressSink): Promise<LoadPackResult> {
    const signal = jobs.start(jobId);
    let manifest;
    try {
      const sink = onProgress ? throttleProgress(onProgress, 100) : undefined;
      manifest = await raceAbort(
        importArc2FaceFilesToStore(files, store(), {
          precision: options.precision,
          signal,
          onProgress: (p) => sink?.({ jobId, phase: `import ${p.component}`, done: p.done, total: p.total, etaMs: null, detail: p.tensor }),
        }),
        signal,
      );
    } finally {
      jobs.finish(jobId);
    }
    return studioApi.loadPack(jobId, { kind: 'cached', id: manifest.id }, onProgress);
  },

  async loadedPacks(): Promise<PackInfo[]> {
    return packs.ids().map((id) => toPackInfo(packs.get(id)!.loaded.manifest));
  },

  async listCachedPacks(): Promise<CachedPackInfo[]> {
    const list = await store().list();
    return list.map((c) => ({ pack: toPackInfo(c.manifest), storedBytes: c.storedBytes, complete: c.complete }));
  },

  async deleteCachedPack(id: string): Promise<void> {
    await store().deletePack(id);
  },

  /** Runs one component of a loaded pack on float32 feeds. */
  async runPackComponent(packId: string, component: string, feeds: Record<string, TensorData>): Promise<RunModelResult> {
    const p = packs.get(packId);
    if (!p) throw new Error(`Pack "${packId}" is not loaded`);
    const source = p.sources.get(component);
    if (!source) throw new Error(`Pack "${packId}" has no component "${component}" (it has ${[...p.sources.keys()].join(', ')})`);
    const { sessions: s } = await ensureRuntime();
    const t0 = performance.now();
    const r = await s.runFloat32(source, feeds);
    return { outputs: r.outputs, backend: r.backend, notice: r.notice, ms: performance.now() - t0 };
  },

  /** Opens dropped files, folders and zips: faces with thumbnails, and a reason for every file left out. */
  async ingestFiles(jobId: JobId, files: { name: string; blob: Blob }[], onProgress?: ProgressSink): Promise<IngestResult> {
    return asJob(jobId, onProgress, (job) => ingestFiles(files, job));
  },

  /** Renders the built-in synthetic sample faces. */
  async generateSamples(jobId: JobId, req: SampleRequest, onProgress?: ProgressSink): Promise<IngestResult> {
    return asJob(jobId, onProgress, (job) => generateSamples(req, job));
  },

  /** Enhances faces with a loaded pack; `onItem` receives each face as soon as it is done (or failed). */
  async enhanceBatch(
    jobId: JobId,
    packId: string,
    items: EnhanceItem[],
    controls: Record<string, number>,
    onItem: (r: EnhanceItemResult) => void,
    onProgress?: ProgressSink,
  ): Promise<{ done: number; failed: number }> {
    const signal = jobs.start(jobId);
    try {
      const p = packs.get(packId);
      if (!p) throw new Error(`Pack "${packId}" is not loaded; load it in the Model packs panel first`);
      return await enhanceBatch(items, {
        jobId,
        packId,
        packKind: p.loaded.manifest.kind,
        pack: p.loaded,
        controls,
        signal,
        onProgress: onProgress ? throttleProgress(onProgress, 100) : undefined,
        onItem,
        run: async (component, feeds) => (await studioApi.runPackComponent(packId, component, feeds)).outputs,
        // Arc2Face's denoise loop keeps its tensors on the UNet's device (GPU buffers on WebGPU).
        latentOps: async () => {
          const unet = p.sources.get('unet');
          return unet ? residentLatentOps((await ensureRuntime()).sessions, unet) : undefined;
        },
        alignFace: async (rgba, width, height) => {
          const svc = await faceStackService(jobId);
          const r = await svc.describeFace({ rgba, width, height }, { aligned: false, signal });
          if ('error' in r) throw new Error(`face alignment: ${r.error}`);
          const c = r.alignedCrop112.rgba;
          return c instanceof Uint8ClampedArray ? c : new Uint8ClampedArray(c.buffer, c.byteOffset, c.byteLength);
        },
      });
    } finally {
      jobs.finish(jobId);
    }
  },

  /** Writes the enhanced set as a zip (streamed to a picked file, or returned as a Blob). */
  async exportZip(jobId: JobId, req: ExportRequest, onProgress?: ProgressSink): Promise<ExportResult> {
    return asJob(jobId, onProgress, (job) => exportZip(req, job));
  },

  /**
   * Renders one face for the renderer panel's live preview. Not a job: it takes well under a second and the
   * panel sends the next one only after this answers, so there is nothing to cancel.
   */
  async renderPreview(spec: RenderSpec): Promise<RenderPreviewResult> {
    return renderPreview(spec);
  },

  /** Renders N identities × M variations with the renderer panel's settings, in DigiFace layout. */
  async renderBatch(jobId: JobId, req: RenderBatchRequest, onProgress?: ProgressSink): Promise<IngestResult> {
    return asJob(jobId, onProgress, (job) => renderBatch(req, job));
  },

  /** Identity similarity (centred HSE FaceRes cosine, labelled with the model) of source/result pairs. */
  async faceStackSimilarity(jobId: JobId, pairs: FacePair[]): Promise<FacePairScore[]> {
    return asJob(jobId, undefined, async ({ signal }) => scoreFacePairs(await raceAbort(faceStackService(jobId), signal), pairs, signal));
  },

  /**
   * Realism-offset calibration (calibration/): Δ = mean over the real set − mean over the synthetic set, in
   * encoder-output or id-vector space, with the pack's ArcFace and text encoder. Returns the calibration file.
   */
  async calibrateRealismOffset(jobId: JobId, packId: string, req: CalibrationRequest, onProgress?: ProgressSink): Promise<CalibrationResult> {
    return asJob(jobId, onProgress, (job) => {
      const p = packs.get(packId);
      if (!p) throw new Error(`Pack "${packId}" is not loaded; load it in the Model packs panel first`);
      return calibrateRealismOffset(req, {
        ...job,
        manifest: p.loaded.manifest,
        files: p.loaded.files,
        run: async (component, feeds) => (await studioApi.runPackComponent(packId, component, feeds)).outputs,
        alignFace: async (image) => {
          const r = await (await raceAbort(faceStackService(jobId), job.signal)).describeFace(image, { aligned: false, signal: job.signal });
          return 'error' in r ? { reason: r.error } : { crop: Uint8ClampedArray.from(r.alignedCrop112.rgba) };
        },
      });
    });
  },

  /** Checks a calibration file against the loaded pack and attaches it (IndexedDB); enhancement then uses its Δ. */
  async attachRealismCalibration(packId: string, file: Uint8Array): Promise<RealismOffsetInfo> {
    const p = packs.get(packId);
    if (!p) throw new Error(`Pack "${packId}" is not loaded`);
    await attachRealismCalibration(p.loaded.manifest, file);
    return (await resolveRealismOffset(p.loaded.manifest, p.loaded.files))!.info;
  },

  async detachRealismCalibration(packId: string): Promise<void> {
    const p = packs.get(packId);
    if (p) await detachRealismCalibration(p.loaded.manifest);
  },

  /** The Δ enhancement uses for a loaded pack (attached calibration or pack constant), with the attached file's bytes. */
  async realismOffsetInfo(packId: string): Promise<{ info: RealismOffsetInfo | null; file: Uint8Array | null }> {
    const p = packs.get(packId);
    if (!p || p.loaded.manifest.kind !== 'arc2face') return { info: null, file: null };
    const resolved = await resolveRealismOffset(p.loaded.manifest, p.loaded.files);
    return { info: resolved?.info ?? null, file: resolved?.info.source === 'attached' ? (await attachedRealismCalibrationFile(p.loaded.manifest)) ?? null : null };
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
