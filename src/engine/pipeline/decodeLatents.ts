/**
 * @file Latents → image (method.md §b.6; diffusers v0.29.2 StableDiffusionPipeline + VaeImageProcessor):
 * `vae.decode(latents / scaling_factor)` → [1,3,H,W] in ≈[−1,1] → `clamp(x/2 + 0.5, 0, 1)` →
 * `round(·255)` (numpy_to_pil) → RGBA8 with alpha 255.
 */
import { assertTensor, COMPONENT_IO, pickOutput, type FloatTensor, type ModelRunner } from './modelRunner';
import { assertFiniteOutput } from './assertFiniteOutput';

/** SD1.x VAE `scaling_factor` (diffusers AutoencoderKL default). */
export const SD_VAE_SCALING_FACTOR = 0.18215;
/** Pixel size of one latent cell (2^(len(block_out_channels) − 1) for SD1.x). */
export const SD_VAE_SCALE = 8;

export interface DecodedImage {
  /** RGBA8, row-major, `width·height·4` bytes (ImageData layout). */
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

const f = Math.fround;

/** numpy's `round` (half to even), which `(images * 255).round()` uses. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * One decoder-output value in [−1,1] → byte, in float32 like torch/numpy:
 * `clamp(x/2 + 0.5, 0, 1)`, then `round(v·255)`. NaN → 0 (numpy would give an undefined cast).
 */
export function decoderValueToByte(x: number): number {
  const v = Math.min(1, Math.max(0, f(f(x / 2) + 0.5)));
  return v === v ? roundHalfEven(f(v * 255)) : 0;
}

/** Decoder output `sample` [1,3,H,W] float32 → RGBA8. */
export function decoderSampleToRgba(sample: FloatTensor): DecodedImage {
  const [b, c, height, width] = sample.dims;
  if (sample.dims.length !== 4 || b !== 1 || c !== 3) throw new RangeError(`decoder sample must be [1,3,H,W], got ${JSON.stringify(sample.dims)}`);
  const plane = width * height;
  const rgba = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    rgba[i * 4] = decoderValueToByte(sample.data[i]);
    rgba[i * 4 + 1] = decoderValueToByte(sample.data[plane + i]);
    rgba[i * 4 + 2] = decoderValueToByte(sample.data[2 * plane + i]);
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, width, height };
}

/**
 * @param latents the denoised latents [1,4,h,w] (still × scaling_factor)
 * @returns RGBA8 of size (8w)×(8h) for SD VAEs (the decoder's output size, whatever it is)
 */
export async function decodeLatents(runner: ModelRunner, latents: FloatTensor, scalingFactor = SD_VAE_SCALING_FACTOR): Promise<DecodedImage> {
  if (!(scalingFactor > 0)) throw new RangeError(`scalingFactor must be > 0, got ${scalingFactor}`);
  const s = f(scalingFactor);
  // `latents / scaling_factor` in float32, outside the graph (the decoder graph takes what vae.decode receives).
  const scaled = latents.data.map((v) => v / s);
  const io = COMPONENT_IO.vaeDecoder;
  const out = pickOutput(await runner.run('vaeDecoder', { [io.input]: { dims: [...latents.dims], data: scaled } }), io.output, 'vaeDecoder');
  const [, , h, w] = out.dims;
  assertTensor(out, 3 * h * w, 'vaeDecoder sample');
  // Bytes would hide it (NaN → 0, all-zero → flat grey): fail the image with a reason instead.
  assertFiniteOutput(out, 'vaeDecoder');
  return decoderSampleToRgba(out);
}
