/** The enhancement controls: values per pack control input, the seed and whether it is locked. */
import type { StateCreator } from 'zustand';
import type { StudioState } from '../store';
import { clampVariations } from '../actions/enhanceUnits';

export interface ControlsSlice {
  /** Control values by pack id, then by input name. */
  controlValues: Record<string, Record<string, number>>;
  seed: number;
  /** Locked: every run reuses `seed`; unlocked: each run draws a new base seed. */
  seedLocked: boolean;
  /** Results per source face in one enhance run (1…32), each with its own derived seed. */
  variationsPerIdentity: number;
  setControl(packId: string, input: string, value: number): void;
  setControls(packId: string, values: Record<string, number>): void;
  setSeed(seed: number): void;
  setSeedLocked(locked: boolean): void;
  /** Clamped to 1…32. */
  setVariationsPerIdentity(n: number): void;
  /**
   * A preset (augmentPresets.ts) sets the controls it names and nothing else. It is a look, not a run size:
   * someone who asked for 8 variations and then picks "strong" expects 8 strong variations, so the count,
   * the seed and any control the preset does not name (such as preview_every) stay as they are.
   */
  applyPreset(packId: string, preset: Readonly<Record<string, number>>): void;
  /**
   * Reset to defaults puts every setting a run depends on back: the pack's manifest defaults (controls
   * without a manifest default, such as preview_every, go back to off) and one variation per identity. The
   * seed and its lock stay: they are the user's choice of which images, not a setting of how.
   */
  resetControls(packId: string, defaults: Readonly<Record<string, number>>): void;
}

export const createControlsSlice: StateCreator<StudioState, [], [], ControlsSlice> = (set) => ({
  controlValues: {},
  seed: 42,
  seedLocked: true,
  variationsPerIdentity: 1,
  setControl: (packId, input, value) =>
    set((s) => ({ controlValues: { ...s.controlValues, [packId]: { ...s.controlValues[packId], [input]: value } } })),
  setControls: (packId, values) => set((s) => ({ controlValues: { ...s.controlValues, [packId]: { ...values } } })),
  setSeed: (seed) => set({ seed }),
  setSeedLocked: (seedLocked) => set({ seedLocked }),
  setVariationsPerIdentity: (n) => set({ variationsPerIdentity: clampVariations(n) }),
  applyPreset: (packId, preset) => set((s) => ({ controlValues: { ...s.controlValues, [packId]: { ...s.controlValues[packId], ...preset } } })),
  resetControls: (packId, defaults) => set((s) => ({ controlValues: { ...s.controlValues, [packId]: { ...defaults } }, variationsPerIdentity: 1 })),
});
