/**
 * @file The user-facing controls of an `arc2face` pack (the UI builds its sliders from these).
 * Defaults follow Arc2Face's README/demo (25 steps, guidance 3) and leave the Digi2Real extras off.
 */
import type { ControlSpec } from '../../packs/manifest';

/**
 * @param hasRealismDelta whether the pack ships a realism Δ constant; without one λ defaults to 0
 *   (plain Arc2Face), with one to 1
 */
export function arc2faceControls(hasRealismDelta = false): ControlSpec[] {
  return [
    { input: 'lambda', label: 'Realism strength λ', min: 0, max: 2, step: 0.05, default: hasRealismDelta ? 1 : 0, help: 'How far the identity conditioning is pushed along the realism direction Δ (0 = plain Arc2Face).' },
    { input: 'steps', label: 'Steps', min: 1, max: 50, step: 1, default: 25, help: 'DPM-Solver++ (2M) denoising steps.' },
    { input: 'guidance', label: 'Guidance', min: 1, max: 10, step: 0.1, default: 3, help: 'Classifier-free guidance scale; 1 disables the unconditional pass.' },
    { input: 'img2img_strength', label: 'Image-to-image strength', min: 0, max: 1, step: 0.05, default: 0, help: '0 = generate from the identity alone; higher keeps less of the input render.' },
    { input: 'slerp_t', label: 'Identity variation', min: 0, max: 1, step: 0.05, default: 0, help: 'Spherical interpolation towards a random nearby identity (0 = same identity).' },
  ];
}
