/** The running calibration: progress bar, the file being read, time left, cancel. */
import type { CalibrationRun } from '../../state/slices/calibrationSlice';
import { formatDuration } from '../common/format';

export function CalibrationProgress({ run, onCancel }: { run: CalibrationRun; onCancel: () => void }) {
  const p = run.progress;
  const fraction = p && p.total > 0 ? p.done / p.total : 0;
  return (
    <div className="job" data-testid="calibration-progress" data-status={run.status}>
      <div className="job-head">
        <span className="job-label">Calibrating</span>
        <span className="muted small">
          {p ? `${p.done}/${p.total}${p.etaMs != null ? ` · ${formatDuration(p.etaMs)} left` : ''}` : 'starting…'}
        </span>
        <button type="button" className="link" onClick={onCancel} data-testid="calibration-cancel">
          Cancel
        </button>
      </div>
      <progress max={1} value={fraction} aria-label="Calibration progress" />
      {p?.detail && <p className="muted small mono">{p.detail}</p>}
    </div>
  );
}
