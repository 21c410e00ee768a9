/** The one zustand store, built from slices; persistence applies to the combined store only. */
import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';
import { createJobsSlice, type JobsSlice } from './slices/jobsSlice';
import { createNoticesSlice, type NoticesSlice } from './slices/noticesSlice';
import { createSettingsSlice, type SettingsSlice } from './slices/settingsSlice';

export type StudioState = SettingsSlice & JobsSlice & NoticesSlice;

export const createStudioStore = () =>
  create<StudioState>()(
    persist(
      (...a) => ({ ...createSettingsSlice(...a), ...createJobsSlice(...a), ...createNoticesSlice(...a) }),
      {
        name: 'digi2real-settings',
        storage: createJSONStorage(() => localStorage),
        // Only settings persist; jobs and notices belong to this visit.
        partialize: (s) => ({ backendPreference: s.backendPreference }),
      },
    ),
  );

export const useStudioStore = createStudioStore();
