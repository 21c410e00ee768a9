import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { StudioState } from '../store';
import { createJobsSlice, type JobPreview } from './jobsSlice';

const makeStore = () => create<StudioState>()((...a) => ({ ...createJobsSlice(...a) }) as StudioState);
const preview = (step: number): JobPreview => ({ rgba: new Uint8ClampedArray(4 * 4 * 4).fill(step), width: 4, height: 4, step, faceId: 'f1' });

describe('job previews', () => {
  it('keeps the latest preview of a running job and drops it when the job ends', () => {
    const store = makeStore();
    store.getState().addJob('q', 'Enhance');
    store.getState().setJobPreview('q', preview(1));
    store.getState().setJobPreview('q', preview(3));
    expect(store.getState().jobs.q.preview?.step).toBe(3);
    store.getState().endJob('q', 'done');
    expect(store.getState().jobs.q.preview).toBeUndefined();
    // A preview arriving after the end (a late message) is not shown.
    store.getState().setJobPreview('q', preview(4));
    expect(store.getState().jobs.q.preview).toBeUndefined();
    store.getState().setJobPreview('missing', preview(1));
    expect(store.getState().jobs.missing).toBeUndefined();
  });
});
