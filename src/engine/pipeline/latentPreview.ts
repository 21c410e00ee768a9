/**
 * @file A cheap preview of SD-1.x latents without the VAE: each latent pixel's 4 channels → RGB by one
 * fixed linear map, at latent resolution (h × w, 1/8 of the image). The coefficients are the widely
 * used least-squares fit of SD-1.x VAE decodes against latents (AUTOMATIC1111's "Approx cheap" preview);
 * it shows composition and colour, not detail. Fed with the scheduler's x0 estimate where there is
 * one (the current x_t is mostly noise early on).
 */
import type { FloatTensor } from './modelRunner';

/** RGB contribution of each latent channel; output ≈ [−1, 1] like the VAE's. Rows: latent channels 0–3. */
export const SD_LATENT_RGB: readonly (readonly [number, number, number])[] = [
  [0.298, 0.207, 0.208],
  [0.187, 0.286, 0.173],
  [-0.158, 0.189, 0.264],
  [-0.184, -0.271, -0.473],
];

export interface PreviewImage {
  /** RGBA, opaque, `width × height`. */
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/**
 * @param latents [1, 4, h, w] float32, as the sampler holds them (× scaling_factor; the fit includes it)
 * @returns an h × w RGBA image
 */
export function latentPreview(latents: FloatTensor): PreviewImage {
  const [b, c, h, w] = latents.dims;
  if (latents.dims.length !== 4 || b !== 1 || c !== SD_LATENT_RGB.length) {
    throw new RangeError(`latent preview needs [1, ${SD_LATENT_RGB.length}, h, w] latents, got ${JSON.stringify(latents.dims)}`);
  }
  const plane = h * w;
  const rgba = new Uint8ClampedArray(plane * 4);
  for (let p = 0; p < plane; p++) {
    for (let ch = 0; ch < 3; ch++) {
      let v = 0;
      for (let k = 0; k < c; k++) v += latents.data[k * plane + p] * SD_LATENT_RGB[k][ch];
      rgba[p * 4 + ch] = Math.round(((v + 1) / 2) * 255);
    }
    rgba[p * 4 + 3] = 255;
  }
  return { rgba, width: w, height: h };
}
