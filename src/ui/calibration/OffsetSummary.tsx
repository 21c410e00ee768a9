/** One realism offset in a few numbers: space, shape, image counts, ‖Δ‖, digest, date. */
import type { RealismCalibrationHeader } from '../../worker/calibration/calibrationTypes';

export function OffsetSummary({ header, testId }: { header: RealismCalibrationHeader; testId: string }) {
  return (
    <dl className="small" data-testid={testId}>
      <div>
        {header.space === 'encoder-output' ? 'Encoder output τ(e)' : 'Id vector e'} · [{header.shape.join(' × ')}]
      </div>
      <div>
        <span data-testid={`${testId}-counts`}>
          {header.counts.real} real − {header.counts.synthetic} synthetic
        </span>
        {header.skipped.real + header.skipped.synthetic > 0 && ` (${header.skipped.real + header.skipped.synthetic} skipped)`}
      </div>
      <div>
        ‖Δ‖ = <span className="mono" data-testid={`${testId}-norm`}>{header.deltaNorm.toPrecision(4)}</span>
      </div>
      <div className="muted mono" title={`sha256 of Δ: ${header.deltaSha256}`}>
        Δ {header.deltaSha256.slice(0, 12)} · {new Date(header.createdAt).toLocaleString()}
      </div>
    </dl>
  );
}
