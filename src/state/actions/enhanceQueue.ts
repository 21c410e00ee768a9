/**
 * The enhancement queue. It lives on the main thread and hands the worker small batches, so that when the
 * worker crashes it is restarted, the pack reloaded, and the queue resumes at the first unfinished face;
 * finished results are already saved. Cancel stops it; queued faces go back to ready.
 */
import { isAbortError } from '../../engine/progress/abort';
import { WorkerCrashedError } from '../../worker/client';
import { progressProxy } from '../../worker/client';
import type { EnhanceItem, EnhanceItemResult, PackInfo } from '../../worker/protocol';
import { deleteResult, loadSource, saveResult, type ResultRecord } from '../persistence/workspaceDb';
import { queryClient } from '../queryClient';
import { packKeys } from '../queries/usePacks';
import { useStudioStore } from '../store';
import type { ResultView } from '../slices/workspaceSlice';
import { studioClient } from '../studioClient';
import { trackedObjectUrl } from './workspaceActions';
import { registerJobController } from './runJob';
import { sourceForPackId } from './packActions';

const BATCH = 8;
const MAX_RESTARTS = 3;

/** The seed each face gets: the base seed plus the face's position in the queue, so a rerun is reproducible. */
export function seedFor(base: number, position: number): number {
  return (base + position) % 2 ** 31;
}

/** Makes sure the worker has the pack (after a restart it comes back from the cache). */
async function ensurePackLoaded(packId: string): Promise<PackInfo> {
  const loaded = await studioClient.api.loadedPacks();
  const pack = loaded.find((p) => p.id === packId);
  if (pack) return pack;
  const source = await sourceForPackId(packId);
  const r = await studioClient.runJob((api, jobId) => api.loadPack(jobId, source));
  await queryClient.invalidateQueries({ queryKey: packKeys.loaded });
  return r.pack;
}

/** Identity-conditioned packs get every image of the face's identity (for the mean and SLERP partner). */
async function identityMembers(faceId: string, cache: Map<string, EnhanceItem['members']>): Promise<EnhanceItem['members']> {
  const s = useStudioStore.getState();
  const identity = s.faces[faceId]?.identity;
  if (identity === undefined) return undefined;
  const hit = cache.get(identity);
  if (hit) return hit;
  const members: NonNullable<EnhanceItem['members']> = [];
  for (const id of s.faceOrder) {
    if (s.faces[id].identity !== identity) continue;
    const source = await loadSource(id);
    if (source) members.push({ faceId: id, source });
  }
  cache.set(identity, members);
  return members;
}

export async function enhanceFacesAction(faceIds: string[]): Promise<void> {
  const store = useStudioStore.getState();
  const packId = store.activePackId;
  if (!packId) {
    store.addNotice('warning', 'Load a model pack first (Model packs panel).');
    return;
  }
  if (faceIds.length === 0) {
    store.addNotice('info', 'Select faces to enhance first.');
    return;
  }
  // Filled in with the manifest defaults once the pack is known: what the sliders show is what runs.
  let params: Record<string, number> = { ...(store.controlValues[packId] ?? {}) };
  const baseSeed = store.seedLocked ? store.seed : Math.floor(Math.random() * 2 ** 31);
  if (!store.seedLocked) store.setSeed(baseSeed);
  const jobId = studioClient.newJobId('queue');
  const controller = new AbortController();
  const unregister = registerJobController(jobId, controller);
  store.addJob(jobId, `Enhance ${faceIds.length} face${faceIds.length === 1 ? '' : 's'} with ${packId}`);
  store.setStatus(faceIds, 'queued');
  const queue = faceIds.map((faceId, i) => ({ faceId, seed: seedFor(baseSeed, i) }));
  const started = performance.now();
  let finished = 0;
  let failed = 0;
  let restarts = 0;
  const report = () =>
    useStudioStore.getState().updateJobProgress({
      jobId,
      phase: 'enhance',
      done: finished,
      total: queue.length,
      etaMs: finished > 0 ? ((performance.now() - started) / finished) * (queue.length - finished) : null,
    });
  report();

  // Results reach the store in batches: one gallery update per flush instead of one per face, so a
  // 1,000-face queue does not keep the main thread busy re-rendering.
  let pendingViews: ResultView[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    flushTimer = null;
    const list = pendingViews;
    pendingViews = [];
    useStudioStore.getState().setResults(list);
  };
  // The loop reads statuses from the store to find unfinished faces: flush before it looks.
  const flushNow = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flush();
  };
  const onItem = async (r: EnhanceItemResult) => {
    const record: ResultRecord = { faceId: r.faceId, packId, seed: r.seed, params, ms: r.ms, width: r.width ?? 0, height: r.height ?? 0, finishedAt: Date.now(), error: r.error };
    if (r.error) failed++;
    await deleteResult(r.faceId).catch(() => undefined);
    await saveResult(record, r.png ?? null).catch((e) => useStudioStore.getState().addNotice('warning', `A result could not be saved (${(e as Error).message}); it is shown but will not survive a reload.`));
    pendingViews.push({ ...record, url: r.png ? trackedObjectUrl(r.png) : null });
    flushTimer ??= setTimeout(flush, 150);
    finished++;
    report();
  };

  try {
    const info = await ensurePackLoaded(packId);
    let kind = info.kind;
    params = { ...Object.fromEntries(info.controls.map((c) => [c.input, c.default])), ...params };
    const memberCache = new Map<string, EnhanceItem['members']>();
    while (finished < queue.length) {
      if (controller.signal.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
      const pending = queue.filter((q) => useStudioStore.getState().status[q.faceId] === 'queued' || useStudioStore.getState().status[q.faceId] === 'running');
      if (pending.length === 0) break;
      const batch = pending.slice(0, BATCH);
      const items: EnhanceItem[] = [];
      for (const q of batch) {
        const source = await loadSource(q.faceId);
        if (!source) {
          await onItem({ faceId: q.faceId, seed: q.seed, ms: 0, error: 'the source image is no longer in the workspace' });
          continue;
        }
        items.push({ faceId: q.faceId, seed: q.seed, source, members: kind === 'arc2face' ? await identityMembers(q.faceId, memberCache) : undefined });
      }
      if (items.length === 0) continue;
      useStudioStore.getState().setStatus(items.map((i) => i.faceId), 'running');
      const done: Promise<void>[] = [];
      try {
        await studioClient.runJob(
          (api, id) => api.enhanceBatch(id, packId, items, params, progressProxy((r: EnhanceItemResult) => void done.push(onItem(r))), undefined),
          { signal: controller.signal },
        );
        await Promise.all(done);
        flushNow();
      } catch (e) {
        await Promise.all(done);
        flushNow();
        if (e instanceof WorkerCrashedError && restarts < MAX_RESTARTS) {
          restarts++;
          useStudioStore.getState().addNotice('warning', `The model worker crashed; restarted it and resumed the queue at face ${finished + 1} of ${queue.length}.`);
          useStudioStore.getState().setStatus(items.filter((i) => useStudioStore.getState().status[i.faceId] === 'running').map((i) => i.faceId), 'queued');
          kind = (await ensurePackLoaded(packId)).kind;
          continue;
        }
        throw e;
      }
    }
    flushNow();
    useStudioStore.getState().endJob(jobId, 'done', failed ? `${failed} face${failed === 1 ? '' : 's'} failed; see their tiles` : undefined);
  } catch (e) {
    flushNow();
    const left = queue.filter((q) => ['queued', 'running'].includes(useStudioStore.getState().status[q.faceId])).map((q) => q.faceId);
    useStudioStore.getState().setStatus(left, 'ready');
    if (isAbortError(e)) useStudioStore.getState().endJob(jobId, 'cancelled');
    else {
      useStudioStore.getState().endJob(jobId, 'failed', (e as Error).message);
      useStudioStore.getState().addNotice('error', `Enhancement stopped: ${(e as Error).message}`);
    }
  } finally {
    unregister();
  }
}
