/** The enhancement controls: values per pack control input, the seed and whether it is locked. */
import type { StateCreator } from 'zustand';
import type { StudioState } from '../store';

export interface ControlsSlice {
  /** Control values by pack id, then by input name. */
  controlValues: Record<string, Record<string, number>>;
  seed: number;
  /** Locked: every run reuses `seed`; unlocked: each run draws a new base seed. */
  seedLocked: boolean;
  setControl(packId: string, input: string, value: number): void;
  setControls(packId: string, values: Record<string, number>): void;
  setSeed(seed: number): void;
  setSeedLocked(locked: boolean): void;
}

export const createControlsSlice: StateCreator<StudioState, [], [], ControlsSlice> = (set) => ({
  controlValues: {},
  seed: 42,
  seedLocked: true,
  setControl: (packId, input, value) =>
    set((s) => ({ controlValues: { ...s.controlValues, [packId]: { ...s.controlValues[packId], [input]: value } } })),
  setControls: (packId, values) => set((s) => ({ controlValues: { ...s.controlValues, [packId]: { ...values } } })),
  setSeed: (seed) => set({ seed }),
  setSeedLocked: (seedLocked) => set({ seedLocked }),
});
