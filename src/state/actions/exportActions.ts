/**
 * Exports the enhanced faces as a zip with manifest.json and metadata.csv, and restores settings from an
 * exported manifest. Where the browser can save to a picked file (File System Access), the zip streams to
 * disk; otherwise it is downloaded when complete.
 */
import { APP_VERSION } from '../../ui/common/appVersion';
import type { ExportEntry } from '../../worker/protocol';
import { loadResultPng } from '../persistence/workspaceDb';
import { useStudioStore } from '../store';
import { studioClient } from '../studioClient';
import { runTrackedJob } from './runJob';
import { realismOffsetsForExport } from './realismOffsetsForExport';

export const EXPORT_FORMAT = 'digi2real-export';

export interface ExportOptions {
  crop112: boolean;
  /** Only these faces (default: every face with a result). */
  faceIds?: string[];
  /** Ask for a file to stream into (Chromium); tests and other browsers get a download. */
  pickFile?: boolean;
}

async function pickFileHandle(): Promise<unknown | null> {
  const picker = (window as unknown as { showSaveFilePicker?: (o: unknown) => Promise<unknown> }).showSaveFilePicker;
  if (!picker) return null;
  try {
    return await picker({ suggestedName: 'digi2real-export.zip', types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }] });
  } catch {
    return 'cancelled';
  }
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function exportAction(opts: ExportOptions): Promise<void> {
  const s = useStudioStore.getState();
  const ids = (opts.faceIds ?? s.faceOrder).filter((id) => s.results[id] && !s.results[id].error);
  if (ids.length === 0) {
    s.addNotice('info', 'Nothing to export yet: enhance some faces first.');
    return;
  }
  const packIds = [...new Set(ids.map((id) => s.results[id].packId))];
  const loaded = await studioClient.api.loadedPacks();
  const packs = packIds.map((id) => {
    const p = loaded.find((l) => l.id === id);
    return p ? { id: p.id, name: p.name, version: p.version, kind: p.kind, licences: p.licences, source: p.source, files: p.files } : { id, note: 'not loaded at export time' };
  });
  const entries: ExportEntry[] = [];
  const csvRows: Record<string, string | number | null>[] = [];
  const images: Record<string, unknown>[] = [];
  for (const id of ids) {
    const face = s.faces[id];
    const r = s.results[id];
    const png = await loadResultPng(id);
    if (!png) continue;
    entries.push({ identity: face.identity, index: face.index, png, width: r.width, height: r.height });
    const similarity = r.similarity ? Number(r.similarity.value.toFixed(4)) : null;
    csvRows.push({ identity: face.identity, source_file: face.name, pack: r.packId, seed: r.seed, ms: Math.round(r.ms), id_similarity: similarity });
    images.push({
      identity: face.identity,
      index: face.index,
      sourceFile: face.name,
      pack: r.packId,
      seed: r.seed,
      params: r.params,
      ms: Math.round(r.ms),
      metrics: r.similarity ? { idSimilarity: similarity, idModel: r.similarity.model } : {},
    });
  }
  const active = s.activePackId;
  const manifest = {
    format: EXPORT_FORMAT,
    formatVersion: 1,
    app: { name: 'Digi2Real Studio', version: APP_VERSION },
    exportedAt: new Date().toISOString(),
    layout: 'digiface: <identity>/<n>.png',
    crop112: opts.crop112,
    packs,
    // Which realism Δ each pack had (its sha256), so λ in each image's params can be traced to its offset.
    realismOffsets: await realismOffsetsForExport(packIds),
    settings: { packId: active, seed: s.seed, seedLocked: s.seedLocked, controls: active ? s.controlValues[active] ?? {} : {} },
    images,
  };
  let fileHandle: unknown | null = null;
  if (opts.pickFile) {
    fileHandle = await pickFileHandle();
    if (fileHandle === 'cancelled') return;
  }
  try {
    const r = await runTrackedJob(`Export ${entries.length} images`, (api, jobId, onProgress) =>
      api.exportZip(jobId, { entries, crop112: opts.crop112, manifest, csvRows, fileHandle }, onProgress),
    );
    if (!r) return;
    if (r.blob) download(r.blob, 'digi2real-export.zip');
    const left = r.leftOut.length ? ` (${r.leftOut.length} left out: ${r.leftOut[0].reason}${r.leftOut.length > 1 ? ', …' : ''})` : '';
    useStudioStore.getState().addNotice('info', `Exported ${r.images} images, ${(r.bytes / 2 ** 20).toFixed(1)} MB${left}.`);
  } catch (e) {
    useStudioStore.getState().addNotice('error', `Export failed: ${(e as Error).message}. Nothing in the workspace was changed.`);
  }
}

/** Restores pack, seed and controls from an exported manifest.json. Returns false if it is not one. */
export function restoreFromExportManifest(text: string): boolean {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return false;
  }
  const obj = m as { format?: unknown; settings?: { packId?: unknown; seed?: unknown; seedLocked?: unknown; controls?: unknown } };
  if (obj?.format !== EXPORT_FORMAT || typeof obj.settings !== 'object' || obj.settings === null) return false;
  const st = obj.settings;
  const store = useStudioStore.getState();
  const packId = typeof st.packId === 'string' && /^[a-z0-9][a-z0-9._-]{0,63}$/.test(st.packId) ? st.packId : null;
  if (typeof st.seed === 'number' && Number.isSafeInteger(st.seed) && st.seed >= 0) store.setSeed(st.seed);
  if (typeof st.seedLocked === 'boolean') store.setSeedLocked(st.seedLocked);
  if (packId) {
    const controls: Record<string, number> = {};
    if (st.controls && typeof st.controls === 'object') {
      for (const [k, v] of Object.entries(st.controls as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v) && /^[A-Za-z0-9_.-]{1,64}$/.test(k)) controls[k] = v;
    }
    store.setControls(packId, controls);
    store.setActivePack(packId);
  }
  store.addNotice('info', `Settings restored from the exported manifest${packId ? ` (pack ${packId}, seed ${store.seed})` : ''}.`);
  return true;
}
