/**
 * Live previews of a running enhance job: the worker's `preview` progress (Arc2Face latent previews, a few
 * KiB each) goes to the job's entry in the store, at most 5 times a second, so drawing them stays a small
 * part of the main thread's work however often the worker sends one.
 */
import type { Progress } from '../../engine/progress/progress';
import type { JobPreview } from '../slices/jobsSlice';
import { useStudioStore } from '../store';
import { latestThrottle } from './latestThrottle';

const PREVIEW_INTERVAL_MS = 200;

export interface JobPreviews {
  /** Takes the worker's progress reports; only those with a preview are used. */
  onProgress(p: Progress): void;
  /** No preview is shown after this (the job's entry drops its preview when the job ends). */
  stop(): void;
}

export function jobPreviews(jobId: string): JobPreviews {
  const throttle = latestThrottle((preview: JobPreview) => useStudioStore.getState().setJobPreview(jobId, preview), PREVIEW_INTERVAL_MS);
  return {
    onProgress(p) {
      if (p.phase !== 'preview' || !p.preview) return;
      throttle.push({ rgba: p.preview.rgba, width: p.preview.width, height: p.preview.height, step: p.done, faceId: p.detail ?? '' });
    },
    stop: () => throttle.cancel(),
  };
}
