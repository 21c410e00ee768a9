/** Long operations the user started, with their latest progress. */
import type { StateCreator } from 'zustand';
import type { JobId, Progress } from '../../worker/protocol';
import type { StudioState } from '../store';

export type JobStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobEntry {
  id: JobId;
  label: string;
  status: JobStatus;
  progress: Progress | null;
  error?: string;
  startedAt: number;
  endedAt?: number;
  /** The latest live preview of a running job (Arc2Face latent previews), while it runs. */
  preview?: JobPreview;
}

/** A small intermediate image of a running job: RGBA pixels and what they show. */
export interface JobPreview {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** Denoise step the preview was taken after (1-based). */
  step: number;
  /** Which face it is of. */
  faceId: string;
}

export interface JobsSlice {
  jobs: Record<JobId, JobEntry>;
  jobOrder: JobId[];
  addJob(id: JobId, label: string): void;
  updateJobProgress(p: Progress): void;
  endJob(id: JobId, status: Exclude<JobStatus, 'running'>, error?: string): void;
  /** Sets or (undefined) clears a running job's live preview. */
  setJobPreview(id: JobId, preview: JobPreview | undefined): void;
  clearFinishedJobs(): void;
}

export const createJobsSlice: StateCreator<StudioState, [], [], JobsSlice> = (set) => ({
  jobs: {},
  jobOrder: [],
  addJob: (id, label) =>
    set((s) => ({
      jobs: { ...s.jobs, [id]: { id, label, status: 'running', progress: null, startedAt: Date.now() } },
      jobOrder: [...s.jobOrder, id],
    })),
  updateJobProgress: (p) =>
    set((s) => {
      const job = s.jobs[p.jobId];
      if (!job || job.status !== 'running') return s;
      return { jobs: { ...s.jobs, [p.jobId]: { ...job, progress: p } } };
    }),
  endJob: (id, status, error) =>
    set((s) => {
      const job = s.jobs[id];
      if (!job) return s;
      // A finished job's preview is stale, and its pixels would stay in memory with the job entry.
      return { jobs: { ...s.jobs, [id]: { ...job, status, error, endedAt: Date.now(), preview: undefined } } };
    }),
  setJobPreview: (id, preview) =>
    set((s) => {
      const job = s.jobs[id];
      if (!job || (preview && job.status !== 'running')) return s;
      return { jobs: { ...s.jobs, [id]: { ...job, preview } } };
    }),
  clearFinishedJobs: () =>
    set((s) => {
      const keep = s.jobOrder.filter((id) => s.jobs[id]?.status === 'running');
      return { jobOrder: keep, jobs: Object.fromEntries(keep.map((id) => [id, s.jobs[id]])) };
    }),
});
