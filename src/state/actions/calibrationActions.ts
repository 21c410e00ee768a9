/**
 * Realism-offset calibration from the panel: run it in the worker with progress and cancel, attach the
 * result (or an uploaded file) to the pack, download it, remove it. Errors become notices that name the
 * problem (wrong pack, damaged file…); nothing attached before is lost by a failed attach.
 */
import { isAbortError } from '../../engine/progress/abort';
import { progressProxy } from '../../worker/client';
import type { RealismOffsetSpace } from '../../worker/calibration/calibrationTypes';
import type { Progress } from '../../worker/protocol';
import { queryClient } from '../queryClient';
import { realismOffsetKeys } from '../queries/useRealismOffset';
import { useStudioStore } from '../store';
import { studioClient } from '../studioClient';
import { registerJobController } from './runJob';

/** engine/calibration/realismCalibrationFile's REALISM_CALIBRATION_EXTENSION, repeated so the page does not bundle the file codec. */
const EXTENSION = '.d2rdelta';

let running: AbortController | null = null;

export interface CalibrationSets {
  real: File[];
  synthetic: File[];
  space: RealismOffsetSpace;
  /** Square real images are aligned crops too (not usual for photos). */
  realSquaresAligned?: boolean;
}

/** The file's path inside the picked folder when the browser gives it, else its name. */
const pathOf = (f: File) => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

export async function runCalibrationAction(packId: string, sets: CalibrationSets): Promise<void> {
  const store = useStudioStore.getState();
  if (running) return;
  const jobId = studioClient.newJobId('calibrate');
  const controller = new AbortController();
  running = controller;
  const unregister = registerJobController(jobId, controller);
  store.startCalibrationRun(jobId, packId);
  store.setCalibrationResult(null);
  store.addJob(jobId, `Realism calibration (${sets.real.length} real, ${sets.synthetic.length} synthetic)`);
  const onProgress = progressProxy((p: Progress) => {
    useStudioStore.getState().updateCalibrationProgress(p);
    useStudioStore.getState().updateJobProgress(p);
  });
  try {
    const req = {
      real: sets.real.map((f) => ({ name: pathOf(f), blob: f as Blob })),
      synthetic: sets.synthetic.map((f) => ({ name: pathOf(f), blob: f as Blob })),
      space: sets.space,
      squaresAreAligned: { real: sets.realSquaresAligned ?? false, synthetic: true },
    };
    const result = await studioClient.runJob((api, id) => api.calibrateRealismOffset(id, packId, req, onProgress), { signal: controller.signal, jobId });
    const s = useStudioStore.getState();
    s.setCalibrationResult({ ...result, packId });
    s.endCalibrationRun('done');
    s.endJob(jobId, 'done', result.skipped.length ? `${result.skipped.length} file${result.skipped.length === 1 ? '' : 's'} skipped` : undefined);
  } catch (e) {
    const s = useStudioStore.getState();
    if (isAbortError(e)) {
      s.endCalibrationRun('cancelled');
      s.endJob(jobId, 'cancelled');
    } else {
      const message = (e as Error).message ?? String(e);
      s.endCalibrationRun('failed', message);
      s.endJob(jobId, 'failed', message);
    }
  } finally {
    unregister();
    running = null;
  }
}

export function cancelCalibrationAction(): void {
  running?.abort();
}

async function refresh(packId: string): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: realismOffsetKeys.pack(packId) });
}

/** Attaches calibration bytes (a fresh result or an uploaded file) to the pack; returns false with a notice if refused. */
export async function attachCalibrationAction(packId: string, file: Uint8Array): Promise<boolean> {
  try {
    const info = await studioClient.api.attachRealismCalibration(packId, file);
    useStudioStore.getState().addNotice('info', `Realism offset attached to ${packId}: ${info.space}, ‖Δ‖ = ${info.norm.toPrecision(4)}. Enhancement now uses it, scaled by λ.`);
    return true;
  } catch (e) {
    useStudioStore.getState().addNotice('error', `The realism calibration was not attached: ${(e as Error).message}`);
    return false;
  } finally {
    await refresh(packId);
  }
}

export async function uploadCalibrationAction(packId: string, file: File): Promise<boolean> {
  return attachCalibrationAction(packId, new Uint8Array(await file.arrayBuffer()));
}

export async function detachCalibrationAction(packId: string): Promise<void> {
  await studioClient.api.detachRealismCalibration(packId);
  await refresh(packId);
  useStudioStore.getState().addNotice('info', `Realism offset removed from ${packId}.`);
}

export function downloadCalibration(packId: string, file: Uint8Array, digest: string): void {
  const url = URL.createObjectURL(new Blob([file as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${packId}-realism-${digest.slice(0, 8)}${EXTENSION}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
