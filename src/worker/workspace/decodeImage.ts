/**
 * Decodes an already-sniffed image to RGBA8 in the worker. The browser's decoder (createImageBitmap) handles
 * every format it supports, applies EXIF orientation and colour conversion (CMYK JPEG, 16-bit PNG); where it
 * is missing (Node) or refuses, the pure decoder in io/ is the fallback.
 */
import { decodeImageToRgba } from '../../io/decodeImageToRgba';

export interface RgbaImage {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

export type DecodeOutcome = ({ ok: true } & RgbaImage) | { ok: false; reason: string };

async function decodeWithBrowser(bytes: Uint8Array): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas in this worker');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { rgba: data.data, width: data.width, height: data.height };
  } finally {
    bitmap.close();
  }
}

export async function decodeImage(bytes: Uint8Array, name: string): Promise<DecodeOutcome> {
  if (typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function') {
    try {
      return { ok: true, ...(await decodeWithBrowser(bytes)) };
    } catch (e) {
      // Fall through: the pure decoder gives a more specific reason (bad CRC, truncated data…).
      const fallback = decodeImageToRgba(bytes, name);
      if (fallback.ok) return { ok: true, rgba: fallback.data, width: fallback.width, height: fallback.height };
      return { ok: false, reason: fallback.reason || `the browser could not decode it (${(e as Error).message})` };
    }
  }
  const r = decodeImageToRgba(bytes, name);
  if (!r.ok) return { ok: false, reason: r.reason };
  return { ok: true, rgba: r.data, width: r.width, height: r.height };
}
