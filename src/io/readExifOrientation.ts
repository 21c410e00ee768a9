/**
 * @file EXIF orientation (tag 0x0112) from the payload of a JPEG APP1 "Exif\0\0" segment:
 * a TIFF header ("II" little-endian or "MM" big-endian, 42, offset of IFD0), then IFD0's
 * 12-byte entries (tag, type, count, value). Orientation is a SHORT stored inline.
 */
import type { ExifOrientation } from './imageHeader';

/**
 * @param tiff bytes starting at the TIFF header (i.e. after "Exif\0\0").
 * @returns the orientation, or 1 when absent or unreadable — a broken EXIF block must not
 *   reject an otherwise fine image, and 1 ("as stored") is what decoders assume then.
 */
export function readExifOrientation(tiff: Uint8Array): ExifOrientation {
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d;
  if (!little && !big) return 1;
  const u16 = (o: number): number => (little ? tiff[o] | (tiff[o + 1] << 8) : (tiff[o] << 8) | tiff[o + 1]);
  const u32 = (o: number): number =>
    little
      ? (tiff[o] | (tiff[o + 1] << 8) | (tiff[o + 2] << 16) | (tiff[o + 3] << 24)) >>> 0
      : ((tiff[o] << 24) | (tiff[o + 1] << 16) | (tiff[o + 2] << 8) | tiff[o + 3]) >>> 0;
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > tiff.length) return 1;
    if (u16(e) !== 0x0112) continue;
    const type = u16(e + 2); // 3 = SHORT
    if (type !== 3) return 1;
    const value = u16(e + 8);
    return value >= 1 && value <= 8 ? (value as ExifOrientation) : 1;
  }
  return 1;
}
