/**
 * Small corner badge for a face's processing state; failed faces carry the error in the title. The running
 * badge is still, not a spinner: an animated element in each running tile gave the compositor a layer per tile
 * plus the tiles it might overlap, and re-layerising them cost long tasks of up to 150 ms during a queue (the
 * job row's progress bar already shows that work goes on).
 */
import type { FaceTileState } from './types';

const LABELS: Record<FaceTileState['status'], string> = {
  ready: 'Not processed',
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

/** Props for {@link FaceStatusBadge}. */
export interface FaceStatusBadgeProps {
  faceId: string;
  status: FaceTileState['status'];
  error?: string;
}

export function FaceStatusBadge({ faceId, status, error }: FaceStatusBadgeProps) {
  const label = status === 'failed' && error ? `Failed: ${error}` : LABELS[status];
  return (
    <span className={`face-status face-status-${status}`} data-testid={`face-status-${faceId}`} data-status={status} title={label} aria-label={label}>
      {status === 'running' ? '▸' : status === 'done' ? '✓' : status === 'failed' ? '!' : status === 'queued' ? '…' : null}
    </span>
  );
}
