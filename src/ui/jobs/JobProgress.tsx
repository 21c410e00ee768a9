/** One job's progress bar with phase, counts, ETA and a cancel button, and its live preview while it runs. */
import { cancelJob } from '../../state/actions/runJob';
import type { JobEntry } from '../../state/slices/jobsSlice';
import { useStudioStore } from '../../state/store';
import { formatDuration } from '../common/format';
import { JobPreviewCanvas } from './JobPreviewCanvas';

export function JobProgress({ job }: { job: JobEntry }) {
  const p = job.progress;
  const faceName = useStudioStore((s) => (job.preview ? s.faces[job.preview.faceId]?.name : undefined));
  const fraction = p && p.total > 0 ? p.done / p.total : 0;
  return (
    <div className={`job job-${job.status}`} data-testid="job" data-status={job.status}>
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        <span className="muted small">
          {job.status === 'running' && p
            ? `${p.phase} ${p.done}/${p.total}${p.etaMs != null ? ` · ${formatDuration(p.etaMs)} left` : ''}`
            : job.status}
        </span>
        {job.status === 'running' && (
          <button type="button" className="link" onClick={() => cancelJob(job.id)} data-testid="job-cancel">
            Cancel
          </button>
        )}
      </div>
      <progress max={1} value={job.status === 'done' ? 1 : fraction} aria-label={`${job.label} progress`} />
      {job.error && <p className="error small">{job.error}</p>}
      {job.status === 'running' && job.preview && <JobPreviewCanvas preview={job.preview} faceName={faceName ?? job.preview.faceId} />}
    </div>
  );
}
