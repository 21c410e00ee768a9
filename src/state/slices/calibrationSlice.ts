/** The realism-offset calibration the user is running or has just run (this visit only; attached Δs live in the worker's IndexedDB). */
import type { StateCreator } from 'zustand';
import type { CalibrationResult } from '../../worker/calibration/calibrationTypes';
import type { JobId, Progress } from '../../worker/protocol';
import type { StudioState } from '../store';

export interface CalibrationRun {
  jobId: JobId;
  packId: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  progress: Progress | null;
  error?: string;
}

export interface CalibrationSlice {
  calibrationRun: CalibrationRun | null;
  /** The last finished calibration, not yet attached (or attached: the panel says which). */
  calibrationResult: (CalibrationResult & { packId: string }) | null;
  startCalibrationRun(jobId: JobId, packId: string): void;
  updateCalibrationProgress(p: Progress): void;
  endCalibrationRun(status: Exclude<CalibrationRun['status'], 'running'>, error?: string): void;
  setCalibrationResult(r: (CalibrationResult & { packId: string }) | null): void;
}

export const createCalibrationSlice: StateCreator<StudioState, [], [], CalibrationSlice> = (set) => ({
  calibrationRun: null,
  calibrationResult: null,
  startCalibrationRun: (jobId, packId) => set({ calibrationRun: { jobId, packId, status: 'running', progress: null } }),
  updateCalibrationProgress: (p) =>
    set((s) => (s.calibrationRun?.jobId === p.jobId && s.calibrationRun.status === 'running' ? { calibrationRun: { ...s.calibrationRun, progress: p } } : s)),
  endCalibrationRun: (status, error) => set((s) => (s.calibrationRun ? { calibrationRun: { ...s.calibrationRun, status, error } } : s)),
  setCalibrationResult: (calibrationResult) => set({ calibrationResult }),
});
