/** Loading and deleting packs, with jobs, notices and query invalidation. */
import type { LoadPackResult, PackSourceRequest } from '../../worker/protocol';
import { packKeys } from '../queries/usePacks';
import { queryClient } from '../queryClient';
import { useStudioStore } from '../store';
import { studioClient } from '../studioClient';
import { runTrackedJob } from './runJob';

function label(source: PackSourceRequest): string {
  if (source.kind === 'builtin') return `Load pack "${source.id}"`;
  if (source.kind === 'url') return `Load pack from ${source.url}`;
  return `Load pack from ${source.files.length} files`;
}

/** Returns the result, or null when cancelled or failed (the error is shown as a notice and on the job). */
export async function loadPackAction(source: PackSourceRequest): Promise<LoadPackResult | null> {
  const { addNotice, setActivePack } = useStudioStore.getState();
  try {
    const r = await runTrackedJob(label(source), (api, jobId, onProgress) => api.loadPack(jobId, source, onProgress));
    if (r) {
      if (r.warning) addNotice('warning', r.warning);
      setActivePack(r.pack.id);
    }
    return r;
  } catch (e) {
    addNotice('error', (e as Error).message);
    return null;
  } finally {
    await Promise.all([queryClient.invalidateQueries({ queryKey: packKeys.loaded }), queryClient.invalidateQueries({ queryKey: packKeys.cached })]);
  }
}

export async function deleteCachedPackAction(id: string): Promise<void> {
  await studioClient.api.deleteCachedPack(id);
  await queryClient.invalidateQueries({ queryKey: packKeys.cached });
}
