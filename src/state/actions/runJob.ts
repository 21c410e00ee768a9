/**
 * Runs a worker operation as a tracked job: registers it in the jobs slice, forwards progress,
 * and maps the outcome to done / cancelled / failed. Returns null when cancelled.
 */
import { isAbortError } from '../../engine/progress/abort';
import { progressProxy } from '../../worker/client';
import type { JobId, Progress } from '../../worker/protocol';
import type { StudioApi } from '../../worker/api';
import type { Remote } from 'comlink';
import { studioClient } from '../studioClient';
import { useStudioStore } from '../store';

const controllers = new Map<JobId, AbortController>();

export async function runTrackedJob<T>(
  label: string,
  call: (api: Remote<StudioApi>, jobId: JobId, onProgress: (p: Progress) => void) => Promise<T>,
): Promise<T | null> {
  const store = useStudioStore.getState();
  const jobId = studioClient.newJobId();
  const controller = new AbortController();
  controllers.set(jobId, controller);
  store.addJob(jobId, label);
  const onProgress = progressProxy((p: Progress) => useStudioStore.getState().updateJobProgress(p));
  try {
    const result = await studioClient.runJob((api, id) => call(api, id, onProgress), { signal: controller.signal, jobId });
    useStudioStore.getState().endJob(jobId, 'done');
    return result;
  } catch (e) {
    if (isAbortError(e)) {
      useStudioStore.getState().endJob(jobId, 'cancelled');
      return null;
    }
    const message = e instanceof Error ? e.message : String(e);
    useStudioStore.getState().endJob(jobId, 'failed', message);
    throw e;
  } finally {
    controllers.delete(jobId);
  }
}

export function cancelJob(jobId: JobId): void {
  controllers.get(jobId)?.abort();
}

/** Lets long actions that are not a single worker call (e.g. the queue) be cancelled from the jobs list. */
export function registerJobController(jobId: JobId, controller: AbortController): () => void {
  controllers.set(jobId, controller);
  return () => controllers.delete(jobId);
}
