/**
 * Exports the enhanced faces as a zip with manifest.json and metadata.csv, and restores settings from an
 * exported manifest. Where the browser can save to a picked file (File System Access), the zip streams to
 * disk; otherwise it is downloaded when complete.
 */
import { APP_VERSION } from '../../ui/common/appVersion';
import type { ExportEntry } from '../../worker/protocol';
import { loadResultPng, type ResultRecord } from '../persistence/workspaceDb';
import { planExport, type ExportCandidate } from './planExport';
import { useStudioStore } from '../store';
import { studioClient } from '../studioClient';
import { runTrackedJob } from './runJob';
import { realismOffsetsForExport } from './realismOffsetsForExport';
import { exportImageEntry } from './exportImageEntry';

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
  const candidates: ExportCandidate[] = [];
  const pngs = new Map<ResultRecord, Blob>();
  for (const id of opts.faceIds ?? s.faceOrder) {
    for (const r of s.results[id] ?? []) {
      if (r.error) continue;
      const png = await loadResultPng(r);
      if (!png) continue;
      const { thumbUrl: _thumbUrl, ...face } = s.faces[id];
      const { url: _url, ...result } = r;
      pngs.set(result, png);
      candidates.push({ face, result });
    }
  }
  if (candidates.length === 0) {
    s.addNotice('info', 'Nothing to export yet: enhance some faces first.');
    return;
  }
  const plan = planExport(candidates);
  const packIds = [...new Set(plan.map((p) => p.result.packId))];
  const loaded = await studioClient.api.loadedPacks();
  const packs = packIds.map((id) => {
    const p = loaded.find((l) => l.id === id);
    return p ? { id: p.id, name: p.name, version: p.version, kind: p.kind, licences: p.licences, source: p.source, files: p.files } : { id, note: 'not loaded at export time' };
  });
  const entries: ExportEntry[] = plan.map((p) => ({ identity: p.face.identity, index: p.n, png: pngs.get(p.result)!, width: p.result.width, height: p.result.height }));
  const csvRows = plan.map((p) => p.csvRow);
  // Each image says which Δ and λ made it (realismOffset); `realismOffsets` below is each pack's Δ now.
  const images = plan.map(exportImageEntry);
  const active = s.activePackId;
  const manifest = {
    format: EXPORT_FORMAT,
    // 2: one entry per variation (source face, variation index and seed in each); settings.variationsPerIdentity.
    formatVersion: 2,
    app: { name: 'Digi2Real Studio', version: APP_VERSION },
    exportedAt: new Date().toISOString(),
    layout: 'digiface: <identity>/<n>.png',
    crop112: opts.crop112,
    packs,
    // Which realism Δ each pack had (its sha256), so λ in each image's params can be traced to its offset.
    realismOffsets: await realismOffsetsForExport(packIds),
    settings: { packId: active, seed: s.seed, seedLocked: s.seedLocked, variationsPerIdentity: s.variationsPerIdentity, controls: active ? s.controlValues[active] ?? {} : {} },
    seedDerivation: 'variation k of the face at queue position i: (baseSeed + i × variationsPerIdentity + k) mod 2^31',
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
  const obj = m as { format?: unknown; settings?: { packId?: unknown; seed?: unknown; seedLocked?: unknown; variationsPerIdentity?: unknown; controls?: unknown } };
  if (obj?.format !== EXPORT_FORMAT || typeof obj.settings !== 'object' || obj.settings === null) return false;
  const st = obj.settings;
  const store = useStudioStore.getState();
  const packId = typeof st.packId === 'string' && /^[a-z0-9][a-z0-9._-]{0,63}$/.test(st.packId) ? st.packId : null;
  if (typeof st.seed === 'number' && Number.isSafeInteger(st.seed) && st.seed >= 0) store.setSeed(st.seed);
  if (typeof st.seedLocked === 'boolean') store.setSeedLocked(st.seedLocked);
  // Manifests from before variations have none: they made one result per face.
  store.setVariationsPerIdentity(typeof st.variationsPerIdentity === 'number' ? st.variationsPerIdentity : 1);
  if (packId) {
    const controls: Record<string, number> = {};
    if (st.controls && typeof st.controls === 'object') {
      for (const [k, v] of Object.entries(st.controls as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v) && /^[A-Za-z0-9_.-]{1,64}$/.test(k)) controls[k] = v;
    }
    store.setControls(packId, controls);
    store.setActivePack(packId);
  }
  const now = useStudioStore.getState();
  store.addNotice('info', `Settings restored from the exported manifest${packId ? ` (pack ${packId}, seed ${now.seed}, ${now.variationsPerIdentity} variation${now.variationsPerIdentity === 1 ? '' : 's'} per identity)` : ''}.`);
  return true;
}
