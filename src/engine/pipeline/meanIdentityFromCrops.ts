/**
 * @file One identity vector from several aligned crops of the same person: embed each, normalise,
 * average, normalise (method.md §c "identity"; meanIdentityEmbedding).
 */
import { meanIdentityEmbedding } from '../conditioning/meanIdentityEmbedding';
import type { ImageU8 } from '../face/imageRaster';
import { throwIfAborted } from '../progress/abort';
import { identityEmbedding, type ArcFacePreprocessing } from './identityEmbedding';
import type { ModelRunner } from './modelRunner';

/**
 * @param crops ≥ 1 aligned 112×112 crops
 * @returns `{ mean, each }`: unit float32 [D] mean vector and every crop's unit vector (for variation endpoints)
 */
export async function meanIdentityFromCrops(
  runner: ModelRunner,
  crops: readonly ImageU8[],
  preprocessing: ArcFacePreprocessing = {},
  signal?: AbortSignal,
): Promise<{ mean: Float32Array; each: Float32Array[] }> {
  if (crops.length === 0) throw new RangeError('meanIdentityFromCrops: need at least one crop');
  const each: Float32Array[] = [];
  for (const crop of crops) {
    throwIfAborted(signal);
    each.push(await identityEmbedding(runner, crop, preprocessing));
  }
  return { mean: meanIdentityEmbedding(each), each };
}
