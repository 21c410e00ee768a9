/**
 * N identities × M variations from the renderer panel's settings, in DigiFace layout
 * (`<folder>/<identity>/<n>.png`). Identity i uses seed identitySeedBase + i, so identity 0 is the face in
 * the preview; image n of an identity uses the engine's derived seed variationSeedOf(identitySeed, n), so any
 * image can be regenerated from (identity seed, n) alone. Hand-set fields apply to every image.
 */
import { fitWithin, resizeArea } from '../../engine/image/resizeArea';
import { RenderParamError } from '../../engine/render/RenderParamError';
import { throwIfAborted, yieldToEventLoop } from '../../engine/progress/abort';
import { ProgressTracker, type ProgressSink } from '../../engine/progress/progress';
import { variationSeedOf } from '../../engine/render/generateIdentitySet';
import { encodePng } from '../../io/encodePng';
import type { IngestResult, RenderBatchRequest } from '../protocol';
import { THUMB_SIDE } from '../workspace/ingestFiles';
import { checkRenderSize } from './checkRenderSize';
import { renderAlignedOnPath } from './renderAlignedOnPath';
import { checkSeed, resolveIdentity, resolveVariation } from './resolveRenderParams';

/** Most images one batch may hold: they travel back as one message, so memory bounds it (≈ 20 kB each at 112). */
export const MAX_BATCH_IMAGES = 20_000;

function checkCount(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new RenderParamError('render/invalid-count', `${name} must be an integer in 1..${max}, got ${String(v)}`);
  return v;
}

/** Seed of identity `i` of a batch: consecutive seeds, wrapping at 2^32. */
export function batchIdentitySeed(base: number, i: number): number {
  return (base + i) >>> 0;
}

export async function renderBatch(req: RenderBatchRequest, opts: { jobId: string; signal?: AbortSignal; onProgress?: ProgressSink }): Promise<IngestResult> {
  const identities = checkCount('identities', req.identities, MAX_BATCH_IMAGES);
  const variations = checkCount('variations', req.variations, MAX_BATCH_IMAGES);
  if (identities * variations > MAX_BATCH_IMAGES) {
    throw new RenderParamError('render/invalid-count', `a batch holds at most ${MAX_BATCH_IMAGES} images, asked for ${identities} × ${variations}`);
  }
  const size = checkRenderSize(req.size);
  checkSeed('identitySeedBase', req.identitySeedBase);
  if (!Number.isSafeInteger(req.firstIdentity) || req.firstIdentity < 0) throw new RenderParamError('render/invalid-param', `firstIdentity must be a non-negative integer, got ${req.firstIdentity}`);
  const folder = req.folder.replace(/[^\w.-]+/g, '_') || 'rendered';

  const total = identities * variations;
  const tracker = new ProgressTracker(opts.jobId, 'render', total, opts.onProgress);
  tracker.report(0);
  const faces: IngestResult['faces'] = [];
  for (let i = 0; i < identities; i++) {
    const identitySeed = batchIdentitySeed(req.identitySeedBase, i);
    const identity = resolveIdentity(identitySeed, req.identity);
    const name = String(req.firstIdentity + i);
    for (let n = 0; n < variations; n++) {
      throwIfAborted(opts.signal);
      const variation = resolveVariation(variationSeedOf(identitySeed, n), req.variation);
      const { face } = await renderAlignedOnPath(identity, variation, size, req.renderPath);
      const png = new Blob([encodePng(face.rgba, face.width, face.height) as BlobPart], { type: 'image/png' });
      let thumb = png;
      if (size > THUMB_SIDE) {
        const fit = fitWithin(size, size, THUMB_SIDE);
        const small = resizeArea({ rgba: face.rgba, width: size, height: size }, fit.width, fit.height);
        thumb = new Blob([encodePng(small.rgba, small.width, small.height) as BlobPart], { type: 'image/png' });
      }
      faces.push({ name: `${folder}/${name}/${n}.png`, identity: name, index: n, width: face.width, height: face.height, source: png, thumb });
      tracker.report(faces.length);
      // Lets the cancel message in between images.
      await yieldToEventLoop();
    }
  }
  return { faces, skipped: [], layout: 'digiface' };
}
