/** Which Δ enhancement uses for the pack now (attached calibration, the pack's own, or none), with download, remove and upload. */
import { detachCalibrationAction, downloadCalibration, uploadCalibrationAction } from '../../state/actions/calibrationActions';
import { useRealismOffset } from '../../state/queries/useRealismOffset';
import { OffsetSummary } from './OffsetSummary';

export function AttachedOffset({ packId }: { packId: string }) {
  const q = useRealismOffset(packId);
  const info = q.data?.info ?? null;
  const file = q.data?.file ?? null;
  return (
    <div data-testid="attached-offset" data-source={info?.source ?? 'none'}>
      <h3 className="small">In use</h3>
      {q.error && (
        <p className="error small" data-testid="attached-offset-error">
          {(q.error as Error).message}
        </p>
      )}
      {!info && !q.error && <p className="muted small">No realism offset: λ has no effect until you attach one.</p>}
      {info?.source === 'pack' && (
        <p className="small">
          The pack's own Δ ({info.space}, ‖Δ‖ = {info.norm.toPrecision(4)}, <span className="mono">{info.digest.slice(0, 12)}</span>).
        </p>
      )}
      {info?.source === 'attached' && info.header && <OffsetSummary header={info.header} testId="attached-summary" />}
      <div className="row">
        {info?.source === 'attached' && file && (
          <button type="button" className="secondary" onClick={() => downloadCalibration(packId, file, info.digest)} data-testid="calibration-download-attached">
            Download
          </button>
        )}
        {(info?.source === 'attached' || q.error) && (
          <button type="button" className="secondary danger" onClick={() => void detachCalibrationAction(packId)} data-testid="calibration-remove">
            Remove
          </button>
        )}
        <label className="file-button">
          Upload calibration…
          <input
            type="file"
            accept=".d2rdelta,application/octet-stream"
            data-testid="calibration-upload"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void uploadCalibrationAction(packId, f);
            }}
          />
        </label>
      </div>
    </div>
  );
}
