/**
 * @file The seeded noise layout of one image — fixed so the browser (WASM or WebGPU) and the Node CLI
 * draw identical latents for the same seed. One portable generator (`createGaussianGenerator(seed)`,
 * src/engine/random) is read in blocks of `numel(latentShape)` float32 values, in this order:
 *
 *   block 0      the initial noise: x_T for txt2img (× init_noise_sigma), the `add_noise` noise for img2img;
 *   block 1, 2…  one block per EXECUTED step whose scheduler step consumes noise
 *                (`scheduler.stepConsumesNoise(plan, i)`: Euler-ancestral every step, LCM all but the
 *                last; DDIM η=0, Euler, DPM-Solver++ none), in execution order.
 *
 * Consequences: x_T does not depend on the scheduler or step count, and the same seed gives the same
 * block 0 for txt2img and img2img (as diffusers' one `generator` does). Injected noise (tests) still
 * advances the stream, so overriding block 0 leaves the step blocks where they were.
 * Not torch.randn's stream: diffusers-identical images need noise supplied from outside.
 */
import { createGaussianGenerator } from '../random';

export interface LatentNoiseStream {
  /** Elements per block. */
  readonly blockSize: number;
  /** Blocks drawn so far. */
  readonly blocksDrawn: number;
  /** Next block of N(0,1) float32 values (a new array). */
  next(): Float32Array;
}

/** @param seed integer in [0, 2^53) @param blockSize `numel(latentShape)` */
export function createLatentNoiseStream(seed: number, blockSize: number): LatentNoiseStream {
  if (!Number.isInteger(blockSize) || blockSize <= 0) throw new RangeError(`noise block size must be a positive integer, got ${blockSize}`);
  const gen = createGaussianGenerator(seed);
  let blocks = 0;
  return {
    blockSize,
    get blocksDrawn() { return blocks; },
    next() {
      blocks++;
      return gen.fill(new Float32Array(blockSize));
    },
  };
}
