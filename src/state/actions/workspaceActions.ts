/**
 * Loading faces into the workspace (files, folders, zips, built-in samples), restoring it after a reload,
 * and clearing it. Decoding happens in the worker; here we persist and publish.
 */
import type { IngestResult } from '../../worker/protocol';
import { resultKey } from '../persistence/resultKeys';
import { clearWorkspace, loadSetting, loadWorkspace, saveFaces, saveSetting, type FaceRecord } from '../persistence/workspaceDb';
import { settledStatus } from '../slices/faceResults';
import type { FaceView } from '../slices/workspaceSlice';
import { useStudioStore } from '../store';
import { runTrackedJob } from './runJob';
import { restoreFromExportManifest } from './exportActions';

/** The built-in sample set: a few identities with several variations each, rendered by our own renderer. */
export const SAMPLE_SET = { identities: 6, variations: 4, seed: 2024, size: 112 } as const;

let nextId = 0;
const newFaceId = () => `f${Date.now().toString(36)}${(nextId++).toString(36)}`;

const objectUrls = new Set<string>();
export function trackedObjectUrl(blob: Blob): string {
  const url = URL.createObjectURL(blob);
  objectUrls.add(url);
  return url;
}

function revokeAll(): void {
  for (const u of objectUrls) URL.revokeObjectURL(u);
  objectUrls.clear();
}

/** Persists ingested faces (IndexedDB) and adds them to the store; used by every way faces arrive. */
export async function acceptIngestedFaces(result: IngestResult): Promise<FaceView[]> {
  const now = Date.now();
  const items = result.faces.map((f) => ({
    face: { id: newFaceId(), name: f.name, identity: f.identity, index: f.index, width: f.width, height: f.height, addedAt: now } satisfies FaceRecord,
    source: f.source,
    thumb: f.thumb,
  }));
  try {
    await saveFaces(items);
  } catch (e) {
    useStudioStore.getState().addNotice('warning', `The faces could not be saved for the next visit (${(e as Error).message}); they are loaded for now.`);
  }
  const views = items.map(({ face, thumb }) => ({ ...face, thumbUrl: trackedObjectUrl(thumb) }));
  useStudioStore.getState().addFaces(views);
  return views;
}

function summarise(result: IngestResult, label: string): string {
  const layout = { digiface: 'DigiFace layout', folders: 'one identity per folder', flat: 'loose files', mixed: 'mixed layout', samples: 'built-in samples' }[result.layout];
  const identities = new Set(result.faces.map((f) => f.identity)).size;
  const skipped = result.skipped.length ? `, ${result.skipped.length} skipped` : '';
  return `${label}: ${result.faces.length} faces in ${identities} identities (${layout})${skipped}`;
}

/** Files, folders (relative paths in `name`) or zips. */
export async function importFilesAction(all: { name: string; blob: Blob }[]): Promise<void> {
  const store = useStudioStore.getState();
  // An exported manifest.json dropped on its own (or beside images) restores the settings it records.
  const files: typeof all = [];
  for (const f of all) {
    if (/(^|\/)manifest\.json$/i.test(f.name) && f.blob.size < 50 * 2 ** 20 && restoreFromExportManifest(await f.blob.text())) continue;
    files.push(f);
  }
  if (files.length === 0) return;
  try {
    const result = await runTrackedJob(`Import ${files.length} file${files.length === 1 ? '' : 's'}`, (api, jobId, onProgress) => api.ingestFiles(jobId, files, onProgress));
    if (!result) return;
    await acceptIngestedFaces(result);
    const summary = summarise(result, 'Imported');
    store.setSkipped(
      result.skipped.map((s) => ({ ...s, at: Date.now() })),
      summary,
    );
    store.addNotice(result.faces.length === 0 ? 'warning' : 'info', result.faces.length === 0 ? `${summary}. Nothing usable was found.` : summary);
  } catch (e) {
    store.addNotice('error', `Import failed: ${(e as Error).message}`);
  }
}

export async function loadSamplesAction(): Promise<void> {
  try {
    const result = await runTrackedJob('Render sample faces', (api, jobId, onProgress) => api.generateSamples(jobId, { ...SAMPLE_SET }, onProgress));
    if (!result) return;
    await acceptIngestedFaces(result);
    useStudioStore.getState().setSkipped([], summarise(result, 'Added'));
  } catch (e) {
    useStudioStore.getState().addNotice('error', `Sample faces could not be rendered: ${(e as Error).message}`);
  }
}

/** Restores faces and results from IndexedDB; on the very first visit, renders the sample set. */
export async function hydrateWorkspaceAction(): Promise<void> {
  const stored = await loadWorkspace().catch(() => null);
  const store = useStudioStore.getState();
  if (stored && stored.faces.length > 0) {
    store.addFaces(stored.faces.map((f) => ({ ...f, thumbUrl: stored.thumbs.has(f.id) ? trackedObjectUrl(stored.thumbs.get(f.id)!) : null })));
    const views = stored.results.map((r) => {
      const png = stored.resultPngs.get(resultKey('resultpng', r));
      return { ...r, url: png ? trackedObjectUrl(png) : null };
    });
    const byFace = new Map<string, typeof views>();
    for (const v of views) byFace.set(v.faceId, [...(byFace.get(v.faceId) ?? []), v]);
    store.setResults(views, Object.fromEntries([...byFace].map(([id, list]) => [id, settledStatus(list)])));
    return;
  }
  const seeded = await loadSetting<boolean>('samplesSeeded').catch(() => false);
  if (!seeded) {
    await loadSamplesAction();
    await saveSetting('samplesSeeded', true).catch(() => undefined);
  }
}

export async function clearWorkspaceAction(): Promise<void> {
  await clearWorkspace();
  // Keep the first-visit flag so a cleared workspace stays empty.
  await saveSetting('samplesSeeded', true).catch(() => undefined);
  revokeAll();
  useStudioStore.getState().resetWorkspace();
}
