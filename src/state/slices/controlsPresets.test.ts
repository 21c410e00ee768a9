import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { StudioState } from '../store';
import { AUGMENT_INPUTS } from '../../engine/augment/augmentControls';
import { AUGMENT_PRESETS, DEFAULT_AUGMENT_PARAMS, type AugmentPresetName } from '../../engine/augment/augmentPresets';
import { createControlsSlice } from './controlsSlice';

const makeStore = () => create<StudioState>()((...a) => ({ ...createControlsSlice(...a) }) as StudioState);
const PACK = 'digiface-augment';

describe('presets and Reset to defaults', () => {
  it('presets name every augmentation strength and nothing else (no variations count, no seed)', () => {
    for (const name of Object.keys(AUGMENT_PRESETS) as AugmentPresetName[]) {
      expect(Object.keys(AUGMENT_PRESETS[name]).sort()).toEqual([...AUGMENT_INPUTS].sort());
    }
  });

  it('a preset changes the look only: the variations count, the seed and its lock stay', () => {
    const store = makeStore();
    const s = store.getState();
    s.setVariationsPerIdentity(8);
    s.setSeed(1234);
    s.setSeedLocked(false);
    s.setControl(PACK, 'blur_sigma', 2.9);
    for (const name of ['strong', 'none', 'mild'] as AugmentPresetName[]) {
      store.getState().applyPreset(PACK, AUGMENT_PRESETS[name]);
      const now = store.getState();
      expect(now.controlValues[PACK]).toEqual({ ...AUGMENT_PRESETS[name] });
      expect([now.variationsPerIdentity, now.seed, now.seedLocked]).toEqual([8, 1234, false]);
    }
  });

  it('a preset leaves controls it does not name (an Arc2Face preview setting) alone; Reset turns them off', () => {
    const store = makeStore();
    store.getState().setControls('arc2face-tiny', { lambda: 0.5, preview_every: 2 });
    store.getState().applyPreset('arc2face-tiny', { lambda: 1, steps: 10 });
    expect(store.getState().controlValues['arc2face-tiny']).toEqual({ lambda: 1, steps: 10, preview_every: 2 });
    store.getState().resetControls('arc2face-tiny', { lambda: 0, steps: 25 });
    expect(store.getState().controlValues['arc2face-tiny']).toEqual({ lambda: 0, steps: 25 });
  });

  it('Reset to defaults restores the manifest defaults and one variation, keeps the seed, and leaves other packs alone', () => {
    const store = makeStore();
    const s = store.getState();
    s.applyPreset(PACK, AUGMENT_PRESETS.strong);
    s.setControls('other', { x: 3 });
    s.setVariationsPerIdentity(5);
    s.setSeed(77);
    store.getState().resetControls(PACK, DEFAULT_AUGMENT_PARAMS);
    const now = store.getState();
    expect(now.controlValues[PACK]).toEqual({ ...AUGMENT_PRESETS.mild });
    expect(now.controlValues.other).toEqual({ x: 3 });
    expect([now.variationsPerIdentity, now.seed]).toEqual([1, 77]);
  });
});
