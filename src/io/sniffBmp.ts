/**
 * @file BMP header reader: 14-byte file header ("BM"), then a DIB header whose size tells the
 * variant — 12 (OS/2 BITMAPCOREHEADER, 16-bit sizes) or ≥ 40 (BITMAPINFOHEADER and successors,
 * signed 32-bit sizes; negative height means rows are stored top-down).
 */
import { i32le, u16le, u32le } from './byteReaders';
import { headerProblem, type BmpHeader, type HeaderProblem } from './imageHeader';

const DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

export function sniffBmp(b: Uint8Array): BmpHeader | HeaderProblem {
  if (b.length < 26) return headerProblem('TRUNCATED', `BMP header truncated: ${b.length} bytes`);
  const dib = u32le(b, 14);
  if (!DIB_SIZES.has(dib)) return headerProblem('BAD_HEADER', `BMP DIB header size ${dib} is not a known variant`);
  if (dib === 12) {
    return { format: 'bmp', width: u16le(b, 18), height: u16le(b, 20), bitsPerPixel: u16le(b, 24), topDown: false };
  }
  if (b.length < 30) return headerProblem('TRUNCATED', `BMP header truncated: ${b.length} bytes`);
  const width = i32le(b, 18);
  const rawHeight = i32le(b, 22);
  if (width < 0) return headerProblem('BAD_HEADER', `BMP width ${width} is negative`);
  return {
    format: 'bmp', width, height: Math.abs(rawHeight), bitsPerPixel: u16le(b, 28), topDown: rawHeight < 0,
  };
}
