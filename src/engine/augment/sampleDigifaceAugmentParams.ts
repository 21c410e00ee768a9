/**
 * @file Draws one random set of strengths the way DigiFace-1M trains (Bae et al., WACV 2023, §3.3 / §5.1):
 * each appearance augmentation is switched on independently with the paper's probability. The paper gives
 * no magnitudes; when on, a strength is drawn uniformly from the ranges below (ours).
 */
import { nextFloat64, seedXoshiro128 } from '../random';
import type { AugmentInput, AugmentParams } from './augmentControls';
import { NO_AUGMENTATION } from './augmentPresets';

interface PaperAugmentation {
  /** Probability of applying it, from DigiFace-1M §3.3. */
  p: number;
  /** Uniform ranges of the strengths it sets when applied (ours). */
  ranges: Partial<Record<AugmentInput, readonly [number, number]>>;
}

/** DigiFace-1M's appearance augmentations with their per-sample probabilities. */
export const DIGIFACE_PAPER_AUGMENTATIONS: readonly PaperAugmentation[] = [
  { p: 0.05, ranges: { blur_sigma: [0.5, 2] } },
  { p: 0.035, ranges: { noise_std: [0.01, 0.06] } },
  { p: 0.05, ranges: { motion_blur_length: [2, 10], motion_blur_angle: [0, 180] } },
  { p: 0.15, ranges: { brightness: [-0.3, 0.3] } },
  { p: 0.3, ranges: { contrast: [-0.3, 0.3] } },
  { p: 0.1, ranges: { hue: [-18, 18] } },
  { p: 0.1, ranges: { saturation: [-0.5, 0.5] } },
  { p: 0.01, ranges: { grayscale: [1, 1] } },
  { p: 0.01, ranges: { downsample_factor: [1.5, 3] } },
  { p: 0.05, ranges: { jpeg_blocking: [0.3, 0.8] } },
];

/**
 * Separate stream from the noise input's (which is seeded with `seed` itself), so the on/off draws and
 * the pixel noise are not the same numbers. Any fixed odd constant would do; this is 2^32 / φ.
 */
const STREAM_OFFSET = 0x9e3779b9;

/** Strengths for one image, deterministic in `seed` (integer in [0, 2^53 − 2^32)). */
export function sampleDigifaceAugmentParams(seed: number): AugmentParams {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const st = seedXoshiro128((seed + STREAM_OFFSET) % Number.MAX_SAFE_INTEGER);
  const params: AugmentParams = { ...NO_AUGMENTATION };
  for (const aug of DIGIFACE_PAPER_AUGMENTATIONS) {
    const on = nextFloat64(st) < aug.p;
    for (const [name, [lo, hi]] of Object.entries(aug.ranges) as [AugmentInput, readonly [number, number]][]) {
      const u = nextFloat64(st); // drawn even when off, so one augmentation's draw never shifts the others
      if (on) params[name] = lo + (hi - lo) * u;
    }
  }
  return params;
}
