/**
 * The enhancement queue. It lives on the main thread and hands the worker small batches, so that when the
 * worker crashes it is restarted, the pack reloaded, and the queue resumes at the first unfinished unit;
 * finished results are already saved. A unit is one variation of one face (enhanceUnits.ts: N variations per
 * face, each with its own seed). Cancel stops it; faces with nothing finished go back to ready.
 */
import { isAbortError } from '../../engine/progress/abort';
import { WorkerCrashedError } from '../../worker/client';
import { progressProxy } from '../../worker/client';
import type { EnhanceItem, EnhanceItemResult, PackInfo } from '../../worker/protocol';
import { deleteResults, loadSource, saveResult, type ResultRecord } from '../persistence/workspaceDb';
import { queryClient } from '../queryClient';
import { packKeys } from '../queries/usePacks';
import { useStudioStore } from '../store';
import { settledStatus, variationsBeyond } from '../slices/faceResults';
import type { FaceStatus, ResultView } from '../slices/workspaceSlice';
import { studioClient } from '../studioClient';
import { trackedObjectUrl } from './workspaceActions';
import { registerJobController } from './runJob';
import { sourceForPackId } from './packActions';
import { clampVariations, enhanceUnits, type EnhanceUnit } from './enhanceUnits';
import { jobPreviews, type JobPreviews } from './jobPreviews';

const BATCH = 8;
/** How long finished results wait to reach the store (and the progress bar to move), at most. */
const FLUSH_MS = 250;
const MAX_RESTARTS = 3;

const unitKey = (u: { faceId: string; variation?: number }) => `${u.faceId}/${u.variation ?? 0}`;

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

/** Drops the queued faces' variations that this run, with fewer variations, will not replace. */
async function dropSurplusVariations(faceIds: string[], count: number): Promise<void> {
  const s = useStudioStore.getState();
  const refs = faceIds.flatMap((id) => variationsBeyond(id, s.results[id], count));
  if (refs.length === 0) return;
  s.removeResults(refs);
  await deleteResults(refs).catch(() => undefined);
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
  const variations = clampVariations(store.variationsPerIdentity);
  const jobId = studioClient.newJobId('queue');
  const controller = new AbortController();
  const unregister = registerJobController(jobId, controller);
  const facesLabel = `${faceIds.length} face${faceIds.length === 1 ? '' : 's'}`;
  store.addJob(jobId, `Enhance ${facesLabel}${variations > 1 ? ` × ${variations} variations` : ''} with ${packId}`);
  store.setStatus(faceIds, 'queued');
  await dropSurplusVariations(faceIds, variations);
  const queue = enhanceUnits(faceIds, baseSeed, variations);
  /** Units finished (or failed) in this run, and per face how many are still to come and whether any failed. */
  const finishedUnits = new Set<string>();
  const unitsLeft = new Map<string, number>(faceIds.map((id) => [id, variations]));
  const faceFailed = new Set<string>();
  const started = performance.now();
  let failed = 0;
  let restarts = 0;
  const report = () =>
    useStudioStore.getState().updateJobProgress({
      jobId,
      phase: 'enhance',
      done: finishedUnits.size,
      total: queue.length,
      etaMs: finishedUnits.size > 0 ? ((performance.now() - started) / finishedUnits.size) * (queue.length - finishedUnits.size) : null,
    });
  report();

  // Results and progress reach the store together, a few times a second: each update re-renders and
  // repaints, and one per result kept the main thread busy during a 1,000-face queue. Both in one task make
  // one render and one frame of work.
  let pendingViews: ResultView[] = [];
  let pendingSettled: Record<string, FaceStatus> = {};
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    flushTimer = null;
    const list = pendingViews;
    const settled = pendingSettled;
    pendingViews = [];
    pendingSettled = {};
    if (list.length === 0 && Object.keys(settled).length === 0) return;
    useStudioStore.getState().setResults(list, Object.keys(settled).length ? settled : undefined);
    report();
  };
  const flushNow = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flush();
  };
  const onItem = async (r: EnhanceItemResult) => {
    const variation = r.variation ?? 0;
    const key = unitKey(r);
    if (finishedUnits.has(key)) return;
    const record: ResultRecord = {
      faceId: r.faceId,
      variation,
      variationCount: variations,
      packId,
      seed: r.seed,
      params,
      ms: r.ms,
      width: r.width ?? 0,
      height: r.height ?? 0,
      finishedAt: Date.now(),
      error: r.error,
      realismOffset: r.realismOffset,
    };
    if (r.error) {
      failed++;
      faceFailed.add(r.faceId);
    }
    // A failed rerun must not leave the previous run's image under this variation.
    await deleteResults([{ faceId: r.faceId, variation }]).catch(() => undefined);
    await saveResult(record, r.png ?? null).catch((e) => useStudioStore.getState().addNotice('warning', `A result could not be saved (${(e as Error).message}); it is shown but will not survive a reload.`));
    pendingViews.push({ ...record, url: r.png ? trackedObjectUrl(r.png) : null });
    finishedUnits.add(key);
    const left = (unitsLeft.get(r.faceId) ?? 1) - 1;
    unitsLeft.set(r.faceId, left);
    if (left === 0) pendingSettled[r.faceId] = faceFailed.has(r.faceId) ? 'failed' : 'done';
    flushTimer ??= setTimeout(flush, FLUSH_MS);
  };

  let previews: JobPreviews | undefined;
  try {
    const info = await ensurePackLoaded(packId);
    let kind = info.kind;
    params = { ...Object.fromEntries(info.controls.map((c) => [c.input, c.default])), ...params };
    // Latent previews (Arc2Face, preview_every = k > 0) are shown in the job's row while it runs.
    if (kind === 'arc2face' && (params.preview_every ?? 0) > 0) previews = jobPreviews(jobId);
    const memberCache = new Map<string, EnhanceItem['members']>();
    while (finishedUnits.size < queue.length) {
      if (controller.signal.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
      const batch: EnhanceUnit[] = queue.filter((u) => !finishedUnits.has(unitKey(u))).slice(0, BATCH);
      if (batch.length === 0) break;
      const items: EnhanceItem[] = [];
      for (const u of batch) {
        const source = await loadSource(u.faceId);
        if (!source) {
          await onItem({ faceId: u.faceId, variation: u.variation, seed: u.seed, ms: 0, error: 'the source image is no longer in the workspace' });
          continue;
        }
        items.push({ faceId: u.faceId, variation: u.variation, seed: u.seed, source, members: kind === 'arc2face' ? await identityMembers(u.faceId, memberCache) : undefined });
      }
      flushNow();
      if (items.length === 0) continue;
      useStudioStore.getState().setStatus([...new Set(items.map((i) => i.faceId))], 'running');
      const done: Promise<void>[] = [];
      try {
        await studioClient.runJob(
          (api, id) =>
            api.enhanceBatch(id, packId, items, params, progressProxy((r: EnhanceItemResult) => void done.push(onItem(r))), previews ? progressProxy(previews.onProgress) : undefined),
          { signal: controller.signal },
        );
        await Promise.all(done);
        flushNow();
      } catch (e) {
        await Promise.all(done);
        flushNow();
        if (e instanceof WorkerCrashedError && restarts < MAX_RESTARTS) {
          restarts++;
          useStudioStore.getState().addNotice('warning', `The model worker crashed; restarted it and resumed the queue at ${finishedUnits.size + 1} of ${queue.length}.`);
          const unfinished = items.filter((i) => !finishedUnits.has(unitKey(i)) && (unitsLeft.get(i.faceId) ?? 0) > 0).map((i) => i.faceId);
          useStudioStore.getState().setStatus([...new Set(unfinished)], 'queued');
          kind = (await ensurePackLoaded(packId)).kind;
          continue;
        }
        throw e;
      }
    }
    flushNow();
    useStudioStore.getState().endJob(jobId, 'done', failed ? `${failed} result${failed === 1 ? '' : 's'} failed; see their tiles` : undefined);
  } catch (e) {
    flushNow();
    // Faces cut short keep what finished in this run (shown as done or failed); the rest go back to ready.
    const s = useStudioStore.getState();
    const cut = faceIds.filter((id) => (unitsLeft.get(id) ?? 0) > 0);
    const partial: Record<string, FaceStatus> = {};
    for (const id of cut) if ((unitsLeft.get(id) ?? 0) < variations) partial[id] = settledStatus(s.results[id] ?? []);
    s.setStatus(cut.filter((id) => !(id in partial)), 'ready');
    s.setResults([], partial);
    if (isAbortError(e)) s.endJob(jobId, 'cancelled');
    else {
      s.endJob(jobId, 'failed', (e as Error).message);
      s.addNotice('error', `Enhancement stopped: ${(e as Error).message}`);
    }
  } finally {
    previews?.stop();
    unregister();
  }
}
