/** User settings that persist across visits. */
import type { StateCreator } from 'zustand';
import type { BackendPreference } from '../../worker/protocol';
import type { StudioState } from '../store';

export interface SettingsSlice {
  backendPreference: BackendPreference;
  setBackendPreference(p: BackendPreference): void;
  /** The pack the studio's controls and runs use. */
  activePackId: string | null;
  setActivePack(id: string | null): void;
}

export const createSettingsSlice: StateCreator<StudioState, [], [], SettingsSlice> = (set) => ({
  backendPreference: 'auto',
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  activePackId: null,
  setActivePack: (activePackId) => set({ activePackId }),
});
