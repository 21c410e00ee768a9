/**
 * Bilinear resize of RGBA8 with pixel-centre alignment and clamped edges (as OpenCV's INTER_LINEAR resize),
 * for upscaling faces to a model's resolution (e.g. a 112×112 crop to 512×512 for img2img).
 */
import { resizeArea, type Rgba8 } from './resizeArea';

export function resizeBilinear(src: Rgba8, outW: number, outH: number): Rgba8 {
  const { width: w, height: h, rgba } = src;
  const out = new Uint8ClampedArray(outW * outH * 4);
  const sx = w / outW;
  const sy = h / outH;
  for (let oy = 0; oy < outH; oy++) {
    const fy = Math.min(h - 1, Math.max(0, (oy + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const wy = fy - y0;
    for (let ox = 0; ox < outW; ox++) {
      const fx = Math.min(w - 1, Math.max(0, (ox + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const wx = fx - x0;
      const a = (y0 * w + x0) * 4;
      const b = (y0 * w + x1) * 4;
      const c = (y1 * w + x0) * 4;
      const d = (y1 * w + x1) * 4;
      const o = (oy * outW + ox) * 4;
      for (let k = 0; k < 4; k++) {
        const top = rgba[a + k] + (rgba[b + k] - rgba[a + k]) * wx;
        const bottom = rgba[c + k] + (rgba[d + k] - rgba[c + k]) * wx;
        out[o + k] = Math.round(top + (bottom - top) * wy);
      }
    }
  }
  return { rgba: out, width: outW, height: outH };
}

/** Area averaging when shrinking (no aliasing), bilinear when growing. */
export function resizeRgba(src: Rgba8, outW: number, outH: number): Rgba8 {
  if (outW <= src.width && outH <= src.height) return resizeArea(src, outW, outH);
  return resizeBilinear(src, outW, outH);
}
