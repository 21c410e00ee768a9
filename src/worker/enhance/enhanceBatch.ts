/**
 * Enhances a batch of faces with the active pack, reporting each face as soon as it is done. A face that
 * fails reports its error and the batch goes on; only a cancel stops it.
 */
import { augmentFeeds } from '../../engine/augment';
import { isAbortError, raceAbort, throwIfAborted, yieldToEventLoop } from '../../engine/progress/abort';
import { ProgressTracker, type ProgressSink } from '../../engine/progress/progress';
import { nchw01ToRgba, rgbaToNchw01 } from '../../engine/tensor/imageTensor';
import { encodePng } from '../../io/encodePng';
import type { EnhanceItem, EnhanceItemResult, TensorData } from '../protocol';
import { decodeImage } from '../workspace/decodeImage';
import type { LoadedPack } from '../../packs/loader/loadPack';
import { enhanceOneArc2Face, type Arc2FaceContext } from './enhanceArc2Face';

export type RunComponent = (component: string, feeds: Record<string, TensorData>) => Promise<Record<string, TensorData>>;

export interface EnhanceBatchOptions {
  jobId: string;
  packKind: string;
  packId: string;
  pack: LoadedPack;
  controls: Record<string, number>;
  run: RunComponent;
  /** Face detection + alignment for inputs that are not aligned crops (the built-in face stack). */
  alignFace?: (rgba: Uint8ClampedArray, width: number, height: number) => Promise<Uint8ClampedArray>;
  /** Device-resident denoise ops for Arc2Face packs (see Arc2FaceContext.latentOps). */
  latentOps?: Arc2FaceContext['latentOps'];
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  onItem: (r: EnhanceItemResult) => void;
}

/** Checks an output for NaN/Inf before it becomes an image (fp16 overflow shows up this way). */
function assertFinite(t: Float32Array, what: string): void {
  for (let i = 0; i < t.length; i++) if (!Number.isFinite(t[i])) throw new Error(`${what} contains NaN or Inf at value ${i}`);
}

async function enhanceOneAugment(item: EnhanceItem, opts: EnhanceBatchOptions): Promise<EnhanceItemResult> {
  const t0 = performance.now();
  const decoded = await decodeImage(new Uint8Array(await item.source.arrayBuffer()), item.faceId);
  if (!decoded.ok) throw new Error(`source image could not be decoded: ${decoded.reason}`);
  const { width, height } = decoded;
  const feeds: Record<string, TensorData> = augmentFeeds(opts.controls, item.seed, { width, height });
  feeds.image = { dims: [1, 3, height, width], data: rgbaToNchw01(decoded.rgba, width, height) };
  const out = await raceAbort(opts.run('model', feeds), opts.signal);
  const y = out.augmented?.data;
  if (!y) throw new Error('the pack returned no "augmented" output');
  assertFinite(y, 'the enhanced image');
  const png = new Blob([encodePng(nchw01ToRgba(y, width, height), width, height) as BlobPart], { type: 'image/png' });
  return { faceId: item.faceId, variation: item.variation, seed: item.seed, png, width, height, ms: performance.now() - t0 };
}

async function enhanceOneWithArc2Face(item: EnhanceItem, opts: EnhanceBatchOptions): Promise<EnhanceItemResult> {
  const t0 = performance.now();
  const out = await enhanceOneArc2Face(item, opts.controls, {
    packId: opts.packId,
    manifest: opts.pack.manifest,
    files: opts.pack.files,
    run: opts.run,
    alignFace: opts.alignFace,
    latentOps: opts.latentOps,
    // Latent previews travel as progress of phase 'preview' (the throttle lets them all through).
    onPreview: opts.onProgress
      ? (p) => opts.onProgress!({ jobId: opts.jobId, phase: 'preview', done: p.step, total: 0, etaMs: null, detail: item.faceId, preview: p.image })
      : undefined,
    signal: opts.signal,
    jobId: opts.jobId,
  });
  const png = new Blob([encodePng(out.rgba, out.width, out.height) as BlobPart], { type: 'image/png' });
  return { faceId: item.faceId, variation: item.variation, seed: item.seed, png, width: out.width, height: out.height, ms: performance.now() - t0, readBacks: out.readBacks, denoiseOn: out.denoiseOn, realismOffset: out.realismOffset };
}

const ENHANCERS: Record<string, (item: EnhanceItem, opts: EnhanceBatchOptions) => Promise<EnhanceItemResult>> = {
  augment: enhanceOneAugment,
  arc2face: enhanceOneWithArc2Face,
};

export async function enhanceBatch(items: EnhanceItem[], opts: EnhanceBatchOptions): Promise<{ done: number; failed: number }> {
  const enhanceOne = ENHANCERS[opts.packKind];
  if (!enhanceOne) {
    throw new Error(`Pack "${opts.packId}" is a "${opts.packKind}" pack, which cannot enhance faces; choose an augment or Arc2Face pack`);
  }
  const tracker = new ProgressTracker(opts.jobId, 'enhance', items.length, opts.onProgress);
  tracker.report(0);
  let done = 0;
  let failed = 0;
  for (const item of items) {
    throwIfAborted(opts.signal);
    const t0 = performance.now();
    try {
      opts.onItem(await enhanceOne(item, opts));
    } catch (e) {
      if (isAbortError(e)) throw e;
      failed++;
      opts.onItem({ faceId: item.faceId, variation: item.variation, seed: item.seed, ms: performance.now() - t0, error: (e as Error).message });
    }
    tracker.report(++done);
    await yieldToEventLoop();
  }
  return { done, failed };
}
