/** The one zustand store, built from slices; persistence applies to the combined store only. */
import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';
import { createJobsSlice, type JobsSlice } from './slices/jobsSlice';
import { createNoticesSlice, type NoticesSlice } from './slices/noticesSlice';
import { createSettingsSlice, type SettingsSlice } from './slices/settingsSlice';
import { createWorkspaceSlice, type WorkspaceSlice } from './slices/workspaceSlice';
import { createControlsSlice, type ControlsSlice } from './slices/controlsSlice';
import { createCalibrationSlice, type CalibrationSlice } from './slices/calibrationSlice';

export type StudioState = SettingsSlice & JobsSlice & NoticesSlice & WorkspaceSlice & ControlsSlice & CalibrationSlice;

export const createStudioStore = () =>
  create<StudioState>()(
    persist(
      (...a) => ({ ...createSettingsSlice(...a), ...createJobsSlice(...a), ...createNoticesSlice(...a), ...createWorkspaceSlice(...a), ...createControlsSlice(...a), ...createCalibrationSlice(...a) }),
      {
        name: 'digi2real-settings',
        storage: createJSONStorage(() => localStorage),
        // Settings persist here (small); faces and results persist in IndexedDB; jobs and notices belong to this visit.
        partialize: (s) => ({ backendPreference: s.backendPreference, activePackId: s.activePackId, controlValues: s.controlValues, seed: s.seed, seedLocked: s.seedLocked, variationsPerIdentity: s.variationsPerIdentity }),
      },
    ),
  );

export const useStudioStore = createStudioStore();
