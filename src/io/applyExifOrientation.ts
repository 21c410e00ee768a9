/**
 * @file Turns stored RGBA8 pixels into displayed pixels for an EXIF orientation (TIFF 6.0 tag
 * 0x0112; same result as a browser's createImageBitmap with imageOrientation 'from-image').
 */
import type { ExifOrientation } from './imageHeader';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, row-major, straight (non-premultiplied) alpha. */
  readonly data: Uint8ClampedArray;
}

/**
 * Source pixel (x, y) for output pixel (ox, oy), where the output is W′×H′ (W′ = h for 5–8).
 * 2 mirror ↔, 3 rotate 180°, 4 mirror ↕, 5 transpose, 6 rotate 90° clockwise, 7 transverse,
 * 8 rotate 90° counter-clockwise.
 */
function sourceOf(o: ExifOrientation, ox: number, oy: number, w: number, h: number): [number, number] {
  switch (o) {
    case 1: return [ox, oy];
    case 2: return [w - 1 - ox, oy];
    case 3: return [w - 1 - ox, h - 1 - oy];
    case 4: return [ox, h - 1 - oy];
    case 5: return [oy, ox];
    case 6: return [oy, h - 1 - ox];
    case 7: return [w - 1 - oy, h - 1 - ox];
    case 8: return [w - 1 - oy, ox];
  }
}

export function applyExifOrientation(img: RgbaImage, orientation: ExifOrientation): RgbaImage {
  if (orientation === 1) return img;
  const { width: w, height: h, data } = img;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new Uint8ClampedArray(ow * oh * 4);
  // A 32-bit view needs 4-byte alignment; a subarray of a larger buffer may not have it.
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const src32 = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
  const dst32 = new Uint32Array(out.buffer);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const [x, y] = sourceOf(orientation, ox, oy, w, h);
      dst32[oy * ow + ox] = src32[y * w + x];
    }
  }
  return { width: ow, height: oh, data: out };
}
