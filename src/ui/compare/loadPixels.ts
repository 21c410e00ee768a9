/**
 * Decodes an image URL into RGBA pixels at a given size, via a 2D canvas. Same-origin (blob/object) URLs only:
 * a cross-origin image would taint the canvas and getImageData would throw.
 */
import type { Size } from './zoomPan';

export async function loadPixels(url: string, size: Size): Promise<ImageData> {
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available');
  // Drawing both images at the common size is what makes the difference pixel-aligned when sizes differ.
  ctx.drawImage(img, 0, 0, size.width, size.height);
  return ctx.getImageData(0, 0, size.width, size.height);
}
