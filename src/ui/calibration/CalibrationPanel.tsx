/**
 * Realism offset calibration for the active Arc2Face pack (method.md §a.2): pick a folder of real face photos
 * and one of synthetic faces, choose the space Δ lives in, run with progress and cancel, then attach the result
 * to the pack (enhancement scales it by λ), download it, or upload one made earlier.
 */
import { useState } from 'react';
import { attachCalibrationAction, cancelCalibrationAction, downloadCalibration, runCalibrationAction } from '../../state/actions/calibrationActions';
import { useLoadedPacks } from '../../state/queries/usePacks';
import { useRealismOffset } from '../../state/queries/useRealismOffset';
import { useStudioStore } from '../../state/store';
import type { RealismOffsetSpace } from '../../worker/calibration/calibrationTypes';
import { AttachedOffset } from './AttachedOffset';
import { CalibrationProgress } from './CalibrationProgress';
import { FolderPicker } from './FolderPicker';
import { OffsetSummary } from './OffsetSummary';
import { SkippedFiles } from './SkippedFiles';

const SPACES: { value: RealismOffsetSpace; label: string; help: string }[] = [
  { value: 'encoder-output', label: 'Encoder output τ(e)', help: 'The paper\'s "CLIP space": Δ is added to the text encoder\'s 77-token output.' },
  { value: 'id-vector', label: 'Id vector e', help: 'Δ is added to the unit ArcFace vector before the encoder, then renormalised.' },
];

export function CalibrationPanel() {
  const packs = useLoadedPacks();
  const activePackId = useStudioStore((s) => s.activePackId);
  const run = useStudioStore((s) => s.calibrationRun);
  const result = useStudioStore((s) => s.calibrationResult);
  const [real, setReal] = useState<File[]>([]);
  const [synthetic, setSynthetic] = useState<File[]>([]);
  const [space, setSpace] = useState<RealismOffsetSpace>('encoder-output');
  const [realSquaresAligned, setRealSquaresAligned] = useState(false);
  const pack = (packs.data ?? []).find((p) => p.id === activePackId);
  const inUse = useRealismOffset(pack?.kind === 'arc2face' ? pack.id : null).data?.info;
  if (!pack || pack.kind !== 'arc2face') return null;
  const busy = run?.status === 'running';
  const ownResult = result?.packId === pack.id ? result : null;

  return (
    <section className="panel" aria-label="Realism calibration" data-testid="calibration-panel">
      <h2>Realism calibration · {pack.name}</h2>
      <p className="muted small">
        Δ = mean over real faces − mean over synthetic faces. Faces are found and aligned unless the image is already a 112×112 crop.
      </p>
      <FolderPicker label="Real faces folder…" files={real} onPick={setReal} testId="calibration-real" disabled={busy} />
      <FolderPicker label="Synthetic faces folder…" files={synthetic} onPick={setSynthetic} testId="calibration-synthetic" disabled={busy} />
      <label className="small">
        <input type="checkbox" checked={realSquaresAligned} onChange={(e) => setRealSquaresAligned(e.target.checked)} disabled={busy} /> real square images are aligned crops
      </label>
      <div className="row small" role="radiogroup" aria-label="Space Δ lives in">
        {SPACES.map((s) => (
          <label key={s.value} title={s.help}>
            <input type="radio" name="calibration-space" checked={space === s.value} onChange={() => setSpace(s.value)} disabled={busy} data-testid={`calibration-space-${s.value}`} /> {s.label}
          </label>
        ))}
      </div>
      <div className="row">
        <button
          type="button"
          disabled={busy || real.length === 0 || synthetic.length === 0}
          onClick={() => void runCalibrationAction(pack.id, { real, synthetic, space, realSquaresAligned })}
          data-testid="calibration-run"
        >
          Calibrate
        </button>
      </div>
      {busy && run && <CalibrationProgress run={run} onCancel={cancelCalibrationAction} />}
      {run?.status === 'failed' && run.packId === pack.id && <p className="error small" data-testid="calibration-error">{run.error}</p>}
      {run?.status === 'cancelled' && run.packId === pack.id && <p className="muted small">Calibration cancelled.</p>}
      {ownResult && (
        <div data-testid="calibration-result">
          <h3 className="small">Result</h3>
          <OffsetSummary header={ownResult.header} testId="calibration-summary" />
          <SkippedFiles skipped={ownResult.skipped} />
          <div className="row">
            {inUse?.digest === ownResult.header.deltaSha256 ? (
              <span className="small muted" data-testid="calibration-attached-note">In use for this pack</span>
            ) : (
              <button type="button" onClick={() => void attachCalibrationAction(pack.id, ownResult.file)} data-testid="calibration-attach">
                Use for this pack
              </button>
            )}
            <button type="button" className="secondary" onClick={() => downloadCalibration(pack.id, ownResult.file, ownResult.header.deltaSha256)} data-testid="calibration-download">
              Download
            </button>
          </div>
        </div>
      )}
      <AttachedOffset packId={pack.id} />
    </section>
  );
}
