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
  if (source.kind === 'cached') return `Load cached pack "${source.id}"`;
  return `Load pack from ${source.files.length} files`;
}

/** Where to (re)load a pack by id: the app's built-in folder, or this browser's cache (imported packs). */
export async function sourceForPackId(id: string): Promise<PackSourceRequest> {
  const builtin = await studioClient.api.listBuiltinPacks().catch(() => []);
  return builtin.some((p) => p.id === id) ? { kind: 'builtin', id } : { kind: 'cached', id };
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

/** Converts downloaded Arc2Face / SD1.5 / ArcFace files into a pack in the worker, caches and loads it. */
export async function importArc2FaceAction(files: { name: string; blob: Blob }[], precision: 'fp32' | 'fp16'): Promise<void> {
  const { addNotice, setActivePack } = useStudioStore.getState();
  try {
    const r = await runTrackedJob(`Import Arc2Face (${precision}) from ${files.length} files`, (api, jobId, onProgress) => api.importArc2Face(jobId, files, { precision }, onProgress));
    if (r) {
      if (r.warning) addNotice('warning', r.warning);
      setActivePack(r.pack.id);
      addNotice('info', `Imported pack "${r.pack.id}" (${(r.pack.bytes / 2 ** 20).toFixed(1)} MB); it is cached for the next visit.`);
    }
  } catch (e) {
    addNotice('error', (e as Error).message);
  } finally {
    await Promise.all([queryClient.invalidateQueries({ queryKey: packKeys.loaded }), queryClient.invalidateQueries({ queryKey: packKeys.cached })]);
  }
}

export async function deleteCachedPackAction(id: string): Promise<void> {
  await studioClient.api.deleteCachedPack(id);
  await queryClient.invalidateQueries({ queryKey: packKeys.cached });
}
