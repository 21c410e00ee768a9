/** User settings that persist across visits. */
import type { StateCreator } from 'zustand';
import type { BackendPreference } from '../../worker/protocol';
import type { StudioState } from '../store';

export interface SettingsSlice {
  backendPreference: BackendPreference;
  setBackendPreference(p: BackendPreference): void;
}

export const createSettingsSlice: StateCreator<StudioState, [], [], SettingsSlice> = (set) => ({
  backendPreference: 'auto',
  setBackendPreference: (backendPreference) => set({ backendPreference }),
});
