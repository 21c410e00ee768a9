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

export type RunComponent = (component: string, feeds: Record<string, TensorData>) => Promise<Record<string, TensorData>>;

export interface EnhanceBatchOptions {
  jobId: string;
  packKind: string;
  packId: string;
  controls: Record<string, number>;
  run: RunComponent;
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
  return { faceId: item.faceId, seed: item.seed, png, width, height, ms: performance.now() - t0 };
}

export async function enhanceBatch(items: EnhanceItem[], opts: EnhanceBatchOptions): Promise<{ done: number; failed: number }> {
  if (opts.packKind !== 'augment') {
    throw new Error(`Pack "${opts.packId}" is a "${opts.packKind}" pack; enhancing with it is not available in this build yet`);
  }
  const tracker = new ProgressTracker(opts.jobId, 'enhance', items.length, opts.onProgress);
  tracker.report(0);
  let done = 0;
  let failed = 0;
  for (const item of items) {
    throwIfAborted(opts.signal);
    const t0 = performance.now();
    try {
      opts.onItem(await enhanceOneAugment(item, opts));
    } catch (e) {
      if (isAbortError(e)) throw e;
      failed++;
      opts.onItem({ faceId: item.faceId, seed: item.seed, ms: performance.now() - t0, error: (e as Error).message });
    }
    tracker.report(++done);
    await yieldToEventLoop();
  }
  return { done, failed };
}
