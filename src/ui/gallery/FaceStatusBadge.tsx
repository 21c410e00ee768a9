/** Small corner badge for a face's processing state; failed faces carry the error in the title. */
import type { GalleryFace } from './types';

const LABELS: Record<GalleryFace['status'], string> = {
  ready: 'Not processed',
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

/** Props for {@link FaceStatusBadge}. */
export interface FaceStatusBadgeProps {
  faceId: string;
  status: GalleryFace['status'];
  error?: string;
}

export function FaceStatusBadge({ faceId, status, error }: FaceStatusBadgeProps) {
  const label = status === 'failed' && error ? `Failed: ${error}` : LABELS[status];
  return (
    <span className={`face-status face-status-${status}`} data-testid={`face-status-${faceId}`} data-status={status} title={label} aria-label={label}>
      {status === 'running' ? <span className="spinner" aria-hidden="true" /> : status === 'done' ? '✓' : status === 'failed' ? '!' : status === 'queued' ? '…' : null}
    </span>
  );
}
