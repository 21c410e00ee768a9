/** The crop sizes the studio offers: 112 (DigiFace / ArcFace recognition crops) and 512 (Arc2Face input). */
import { RenderParamError } from '../../engine/render/RenderParamError';

export const RENDER_SIZES = [112, 512] as const;

export function checkRenderSize(size: number): number {
  if (!(RENDER_SIZES as readonly number[]).includes(size)) {
    throw new RenderParamError('render/invalid-size', `render size must be one of ${RENDER_SIZES.join(', ')}, got ${String(size)}`);
  }
  return size;
}
