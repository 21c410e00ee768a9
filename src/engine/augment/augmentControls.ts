/**
 * @file The strengths of the `digiface-augment` pack: one float32 [1] graph input each, with the
 * slider range, step and help text the manifest's `controls` carry. The order is the order of
 * application, which follows DigiFace-1M's list of appearance augmentations (Bae et al., WACV 2023,
 * §3.3): Gaussian blur, Gaussian noise, motion blur, brightness, contrast, hue, saturation,
 * grayscale, down-then-up sampling, JPEG compression.
 */

/** Graph input names of the strengths, verbatim as in the ONNX model. */
export type AugmentInput =
  | 'blur_sigma'
  | 'noise_std'
  | 'motion_blur_length'
  | 'motion_blur_angle'
  | 'brightness'
  | 'contrast'
  | 'hue'
  | 'saturation'
  | 'grayscale'
  | 'downsample_factor'
  | 'jpeg_blocking';

/** One value per strength, keyed by graph input name. */
export type AugmentParams = Record<AugmentInput, number>;

/** A slider description (same fields as the pack manifest's ControlSpec, minus the default). */
export interface AugmentControl {
  input: AugmentInput;
  label: string;
  /** Value at which the augmentation does nothing. */
  neutral: number;
  min: number;
  max: number;
  step: number;
  help: string;
}

/** Every strength in order of application. */
export const AUGMENT_CONTROLS: readonly AugmentControl[] = [
  { input: 'blur_sigma', label: 'Gaussian blur (σ, px)', neutral: 0, min: 0, max: 3, step: 0.05, help: 'Standard deviation of an isotropic Gaussian blur, in pixels (17-tap kernel).' },
  { input: 'noise_std', label: 'Gaussian noise (σ)', neutral: 0, min: 0, max: 0.2, step: 0.005, help: 'Standard deviation of per-pixel, per-channel noise on the [0, 1] scale; the noise comes from the seed.' },
  { input: 'motion_blur_length', label: 'Motion blur length (px)', neutral: 0, min: 0, max: 12, step: 0.5, help: 'Length of the streak (±2σ of an anisotropic Gaussian along the direction), in pixels.' },
  { input: 'motion_blur_angle', label: 'Motion blur angle (°)', neutral: 0, min: 0, max: 180, step: 1, help: 'Direction of the streak: 0° horizontal, 90° vertical (clockwise on screen).' },
  { input: 'brightness', label: 'Brightness', neutral: 0, min: -0.5, max: 0.5, step: 0.01, help: 'Relative change: pixels are multiplied by 1 + brightness.' },
  { input: 'contrast', label: 'Contrast', neutral: 0, min: -0.5, max: 0.5, step: 0.01, help: 'Relative change: pixels move away from (or towards) the mean grey level by 1 + contrast.' },
  { input: 'hue', label: 'Hue shift (°)', neutral: 0, min: -90, max: 90, step: 1, help: 'Rotation of colours around the grey axis of RGB space, in degrees.' },
  { input: 'saturation', label: 'Saturation', neutral: 0, min: -1, max: 1, step: 0.01, help: 'Relative change: −1 removes all colour, +1 doubles it.' },
  { input: 'grayscale', label: 'Grayscale mix', neutral: 0, min: 0, max: 1, step: 0.05, help: 'Blend towards the grayscale image: 0 = colour, 1 = fully grey.' },
  { input: 'downsample_factor', label: 'Down-then-up sampling', neutral: 1, min: 1, max: 4, step: 0.05, help: 'Shrink by this factor (bilinear, no anti-aliasing) and enlarge back; 1 = off.' },
  { input: 'jpeg_blocking', label: 'JPEG-like blocking', neutral: 0, min: 0, max: 1, step: 0.05, help: 'Drops high frequencies of each 8×8 block in YCbCr (zig-zag truncation, no codec): 1 = flat 8×8 blocks.' },
];

/** Graph input names of the strengths, in order of application. */
export const AUGMENT_INPUTS: readonly AugmentInput[] = AUGMENT_CONTROLS.map((c) => c.input);
