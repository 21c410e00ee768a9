/**
 * @file The typed failure of a VAE whose output is NaN, ±Inf or all zero — the decoded image (or the
 * img2img start latents) rather than the denoise loop's latents (NonFiniteLatentsError). SD VAEs in
 * fp16 overflow to NaN/Inf in their up-blocks on some GPUs; a dead kernel leaves its output all zero.
 */
import type { NonFiniteKind } from './NonFiniteLatentsError';

export type VaeComponent = 'vaeDecoder' | 'vaeEncoder';

export class NonFiniteOutputError extends Error {
  readonly code = 'non-finite-output';
  /**
   * @param component the model whose output it was ('vaeDecoder': the image; 'vaeEncoder': img2img latents)
   * @param kind what was found (NaN first, then ±Inf, then all-zero)
   * @param count offending elements (NaN or Inf count; total size for all-zero)
   */
  constructor(
    readonly component: VaeComponent,
    readonly kind: NonFiniteKind,
    readonly count: number,
  ) {
    const what = component === 'vaeDecoder' ? 'decoded image (vaeDecoder output)' : 'img2img start latents (vaeEncoder output)';
    super(`${what} ${kind === 'all-zero' ? 'is all zero' : `is non-finite (${count} ${kind === 'nan' ? 'NaN' : '±Inf'} values)`}; fp16 overflow is the usual cause — try the fp32 pack or another backend`);
    this.name = 'NonFiniteOutputError';
  }
}
