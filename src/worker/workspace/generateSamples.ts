/**
 * The studio's built-in sample faces: rendered by the project's own synthetic face renderer (no third-party
 * images), in DigiFace layout.
 */
import { throwIfAborted, yieldToEventLoop } from '../../engine/progress/abort';
import { ProgressTracker, type ProgressSink } from '../../engine/progress/progress';
import { generateIdentitySet } from '../../engine/render';
import { encodePng } from '../../io/encodePng';
import type { IngestResult, SampleRequest } from '../protocol';

export async function generateSamples(req: SampleRequest, opts: { jobId: string; signal?: AbortSignal; onProgress?: ProgressSink }): Promise<IngestResult> {
  const total = req.identities * req.variations;
  const tracker = new ProgressTracker(opts.jobId, 'render', total, opts.onProgress);
  tracker.report(0);
  const faces: IngestResult['faces'] = [];
  let done = 0;
  for (const f of generateIdentitySet({ identities: req.identities, variations: req.variations, identitySeedBase: req.seed, size: req.size, signal: opts.signal })) {
    throwIfAborted(opts.signal);
    const png = new Blob([encodePng(f.rgba, f.width, f.height) as BlobPart], { type: 'image/png' });
    faces.push({ name: `samples/${f.identity}/${f.index}.png`, identity: f.identity, index: f.index, width: f.width, height: f.height, source: png, thumb: png });
    tracker.report(++done);
    await yieldToEventLoop();
  }
  return { faces, skipped: [], layout: 'samples' };
}
