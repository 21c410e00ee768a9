/**
 * @file Image → clean latents for img2img (diffusers VaeImageProcessor.preprocess + vae.encode):
 * RGB bytes → `2·(p/255) − 1` NCHW → 'vaeEncoder' → `latent_dist.mean` × scaling_factor.
 * Deviation from StableDiffusionImg2ImgPipeline, which samples `latent_dist` (mean + std·ε) with the
 * generator: we take the mean, so the init latents need no extra noise stream (std is ~1e-2 for SD VAEs).
 */
import { assertRaster, type ImageU8 } from '../face/imageRaster';
import { assertFiniteOutput } from './assertFiniteOutput';
import { SD_VAE_SCALE, SD_VAE_SCALING_FACTOR } from './decodeLatents';
import { assertTensor, COMPONENT_IO, pickOutput, type FloatTensor, type ModelRunner } from './modelRunner';

const f = Math.fround;

/** HWC bytes (3 or 4 channels; alpha ignored) → [1,3,H,W] float32 in [−1,1] (`2·(p/255) − 1`, float32 like torch). */
export function imageToVaeInput(image: ImageU8): FloatTensor {
  assertRaster(image, 'imageToVaeInput');
  const { width, height, channels, data } = image;
  if (channels < 3) throw new RangeError(`imageToVaeInput: need RGB or RGBA, got ${channels} channels`);
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[c * plane + i] = f(2 * f(data[i * channels + c] / 255)) - 1;
  }
  return { dims: [1, 3, height, width], data: out };
}

/**
 * @param image RGB(A) bytes, width and height multiples of 8 (the caller resizes, e.g. to 512×512)
 * @returns clean latents [1,4,H/8,W/8] × scaling_factor
 */
export async function encodeImage(runner: ModelRunner, image: ImageU8, scalingFactor = SD_VAE_SCALING_FACTOR): Promise<FloatTensor> {
  if (image.width % SD_VAE_SCALE !== 0 || image.height % SD_VAE_SCALE !== 0) {
    throw new RangeError(`encodeImage: width and height must be multiples of ${SD_VAE_SCALE}, got ${image.width}×${image.height}`);
  }
  const io = COMPONENT_IO.vaeEncoder;
  const out = pickOutput(await runner.run('vaeEncoder', { [io.input]: imageToVaeInput(image) }), io.output, 'vaeEncoder');
  const h = image.height / SD_VAE_SCALE, w = image.width / SD_VAE_SCALE;
  assertTensor(out, 4 * h * w, 'vaeEncoder mean');
  assertFiniteOutput(out, 'vaeEncoder');
  const s = f(scalingFactor);
  return { dims: [1, 4, h, w], data: out.data.map((v) => v * s) };
}
