/**
 * @file Turns slider values + seed + image size into the non-image feeds of the `digiface-augment`
 * graph: one float32 [1] tensor per strength and the seeded standard-normal `noise` tensor.
 */
import { gaussianNoise } from '../random';
import { AUGMENT_CONTROLS, AUGMENT_INPUTS, type AugmentInput, type AugmentParams } from './augmentControls';

/** A plain tensor (row-major float32), shaped like the worker's TensorData. */
export interface AugmentFeed {
  dims: number[];
  data: Float32Array;
}

/** Image size in pixels of the `image` input [1, 3, height, width]. */
export interface AugmentImageSize {
  height: number;
  width: number;
}

/**
 * The graph's `noise` input: float32 [1, 3, height, width] of N(0, 1) values from the engine's portable
 * generator (xoshiro128** + polar Box–Muller, see engine/random/gaussianNoise.ts), so the same seed
 * gives the same bits in Node, WASM and WebGPU hosts.
 */
export function augmentNoise(seed: number, size: AugmentImageSize): Float32Array {
  checkSize(size);
  return gaussianNoise(seed, [1, 3, size.height, size.width]);
}

/**
 * Feeds for every graph input except `image`.
 * @param values strengths keyed by graph input name (e.g. from the manifest's controls); a missing one
 *   takes its neutral value (no augmentation), an unknown name or non-finite value throws
 * @param seed integer in [0, 2^53) for the noise input
 * @param size size of the image that will be fed
 */
export function augmentFeeds(values: Partial<Record<string, number>>, seed: number, size: AugmentImageSize): Record<string, AugmentFeed> {
  const params = completeAugmentParams(values);
  const feeds: Record<string, AugmentFeed> = {
    noise: { dims: [1, 3, size.height, size.width], data: augmentNoise(seed, size) },
  };
  for (const name of AUGMENT_INPUTS) feeds[name] = { dims: [1], data: Float32Array.of(params[name]) };
  return feeds;
}

/** Checks names and values and fills the missing ones with their neutral values. */
export function completeAugmentParams(values: Partial<Record<string, number>>): AugmentParams {
  const unknown = Object.keys(values).filter((k) => !(AUGMENT_INPUTS as readonly string[]).includes(k));
  if (unknown.length) throw new RangeError(`Unknown augmentation ${unknown.map((k) => `"${k}"`).join(', ')}; expected one of ${AUGMENT_INPUTS.join(', ')}`);
  const params = {} as AugmentParams;
  for (const c of AUGMENT_CONTROLS) {
    const v = values[c.input as AugmentInput] ?? c.neutral;
    if (!Number.isFinite(v)) throw new RangeError(`Augmentation "${c.input}" must be a finite number, got ${v}`);
    params[c.input] = v;
  }
  return params;
}

function checkSize({ height, width }: AugmentImageSize): void {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(`image size must be positive integers, got ${height}×${width}`);
  }
}
