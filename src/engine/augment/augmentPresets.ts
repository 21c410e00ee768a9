/**
 * @file Named strength presets for the `digiface-augment` pack. Magnitudes are ours: the DigiFace-1M
 * paper (§3.3) gives only how often each augmentation is applied, not how strongly.
 */
import { AUGMENT_CONTROLS, type AugmentParams } from './augmentControls';

/** Every strength at its neutral value: the graph returns the input image. */
export const NO_AUGMENTATION: Readonly<AugmentParams> = Object.freeze(
  Object.fromEntries(AUGMENT_CONTROLS.map((c) => [c.input, c.neutral])) as AugmentParams,
);

/** Preset names offered by the UI. */
export type AugmentPresetName = 'none' | 'mild' | 'strong';

/**
 * Presets. Each names every augmentation strength and nothing else: not "variations per identity" (a preset
 * is a look; how many results a run makes is the user's separate choice, and a preset that silently changed
 * it would change the size of the next run), nor the seed. Reset to defaults is what restores the count
 * (controlsSlice.ts, applyPreset / resetControls).
 *
 * `mild` (the manifest defaults) is a light camera-like degradation of a clean render;
 * `strong` is clearly degraded but still recognisable at 112×112.
 */
export const AUGMENT_PRESETS: Readonly<Record<AugmentPresetName, Readonly<AugmentParams>>> = {
  none: NO_AUGMENTATION,
  mild: Object.freeze({
    ...NO_AUGMENTATION,
    blur_sigma: 0.5,
    noise_std: 0.01,
    motion_blur_length: 1.5,
    motion_blur_angle: 20,
    brightness: 0.03,
    contrast: 0.05,
    saturation: -0.05,
    downsample_factor: 1.25,
    jpeg_blocking: 0.2,
  }),
  strong: Object.freeze({
    ...NO_AUGMENTATION,
    blur_sigma: 1.5,
    noise_std: 0.04,
    motion_blur_length: 6,
    motion_blur_angle: 35,
    brightness: -0.15,
    contrast: -0.2,
    hue: 12,
    saturation: -0.3,
    downsample_factor: 2.5,
    jpeg_blocking: 0.6,
  }),
};

/** The manifest defaults (= the `mild` preset). */
export const DEFAULT_AUGMENT_PARAMS: Readonly<AugmentParams> = AUGMENT_PRESETS.mild;
