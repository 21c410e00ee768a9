/** All jobs of this visit, newest first. */
import { useStudioStore } from '../../state/store';
import { JobProgress } from './JobProgress';

export function JobList() {
  const order = useStudioStore((s) => s.jobOrder);
  const jobs = useStudioStore((s) => s.jobs);
  const clear = useStudioStore((s) => s.clearFinishedJobs);
  if (order.length === 0) return null;
  return (
    <section className="jobs" aria-label="Jobs">
      <div className="section-head">
        <h2>Jobs</h2>
        <button type="button" className="link" onClick={clear}>
          Clear finished
        </button>
      </div>
      {[...order].reverse().map((id) => (
        <JobProgress key={id} job={jobs[id]} />
      ))}
    </section>
  );
}
