/** Files left out of a calibration, each with its set and the reason. */
import type { CalibrationSkip } from '../../worker/calibration/calibrationTypes';

export function SkippedFiles({ skipped }: { skipped: CalibrationSkip[] }) {
  if (skipped.length === 0) return null;
  return (
    <details className="import-report small" data-testid="calibration-skipped">
      <summary>
        {skipped.length} file{skipped.length === 1 ? '' : 's'} skipped
      </summary>
      <ul className="skipped">
        {skipped.map((s, i) => (
          <li key={i}>
            <span className="muted">{s.set}</span> <span className="mono">{s.name}</span>: {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
