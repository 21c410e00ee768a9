/**
 * @file The small denoise case the runtime's latent-ops tests share: a fake UNet whose conditional branch
 * depends on the embedding, diffusers' DPM-Solver++ config from the fixtures, CFG 3, seed 5, [1,4,4,6] latents.
 */
import { fixturePath, readFixtureText } from '../../testing/fixtures';
import type { DenoiseOptions } from '../../engine/pipeline/denoise';
import { fakeUnetRunner, filledTensor, type RowEps } from '../../engine/pipeline/fakeRunners.test-util';

export const CASE_LATENT_SHAPE = [1, 4, 4, 6];
const EMBED_WIDTH = 8;

export const condEps: RowEps = (x, t, ehs) => x.map((v) => 0.5 * v * Math.cos(t / 1000) + 0.1 * ehs[0]);
export const DPM_CONFIG = readFixtureText(fixturePath('schedulers', 'dpmsolver_multistep', 'scheduler_config.json'));

export function denoiseCase(steps: number, over: Partial<DenoiseOptions<unknown>> = {}): DenoiseOptions<unknown> {
  return {
    runner: fakeUnetRunner(condEps),
    schedulerConfig: DPM_CONFIG,
    steps,
    guidance: 3,
    seed: 5,
    cond: filledTensor([1, 77, EMBED_WIDTH], () => 1),
    uncond: filledTensor([1, 77, EMBED_WIDTH], () => -2),
    latentShape: CASE_LATENT_SHAPE,
    ...over,
  };
}
