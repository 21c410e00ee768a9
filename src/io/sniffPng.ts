/**
 * @file PNG header reader (PNG spec, 3rd ed.: 8-byte signature, then IHDR as the first chunk:
 * width, height, bit depth, colour type, compression, filter, interlace, followed by its CRC).
 */
import { u32be, hasAscii } from './byteReaders';
import { crc32 } from './crc32';
import { headerProblem, type HeaderProblem, type PngColorType, type PngHeader } from './imageHeader';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Allowed bit depths per colour type (PNG spec table 11.1). */
const COLOR_TYPES: Record<number, { name: PngColorType; depths: readonly number[] }> = {
  0: { name: 'grayscale', depths: [1, 2, 4, 8, 16] },
  2: { name: 'rgb', depths: [8, 16] },
  3: { name: 'palette', depths: [1, 2, 4, 8] },
  4: { name: 'grayscale-alpha', depths: [8, 16] },
  6: { name: 'rgba', depths: [8, 16] },
};

/** Chunks to walk looking for acTL before giving up; real files put it right after IHDR. */
const MAX_CHUNKS_SCANNED = 64;

export function sniffPng(b: Uint8Array): PngHeader | HeaderProblem {
  // signature(8) + length(4) + "IHDR"(4) + data(13) + crc(4)
  if (b.length < 33) return headerProblem('TRUNCATED', `PNG header truncated: ${b.length} bytes, IHDR needs 33`);
  if (!hasAscii(b, 12, 'IHDR') || u32be(b, 8) !== 13) {
    return headerProblem('BAD_HEADER', 'PNG does not start with a 13-byte IHDR chunk');
  }
  const storedCrc = u32be(b, 29);
  const actualCrc = crc32(b.subarray(12, 29));
  if (storedCrc !== actualCrc) {
    return headerProblem('BAD_HEADER', `PNG IHDR CRC mismatch (stored ${hex(storedCrc)}, computed ${hex(actualCrc)})`);
  }
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  const bitDepth = b[24];
  const ct = COLOR_TYPES[b[25]];
  if (!ct) return headerProblem('BAD_HEADER', `PNG colour type ${b[25]} is invalid (expected 0, 2, 3, 4 or 6)`);
  if (!ct.depths.includes(bitDepth)) {
    return headerProblem('BAD_HEADER', `PNG bit depth ${bitDepth} is invalid for ${ct.name} (expected ${ct.depths.join(', ')})`);
  }
  if (b[26] !== 0 || b[27] !== 0) return headerProblem('BAD_HEADER', 'PNG compression/filter method must be 0');
  if (b[28] > 1) return headerProblem('BAD_HEADER', `PNG interlace method ${b[28]} is invalid (expected 0 or 1)`);
  // The spec caps dimensions at 2^31-1; larger values mean a corrupt or hostile header.
  if (width > 0x7fffffff || height > 0x7fffffff) return headerProblem('BAD_HEADER', 'PNG dimension exceeds 2^31-1');
  return {
    format: 'png', width, height,
    bitDepth: bitDepth as PngHeader['bitDepth'],
    colorType: ct.name,
    interlaced: b[28] === 1,
    animated: hasAnimationControl(b),
  };
}

/** Walks chunk headers (not their data) after IHDR: APNG requires acTL before the first IDAT. */
function hasAnimationControl(b: Uint8Array): boolean {
  let p = 33;
  for (let n = 0; n < MAX_CHUNKS_SCANNED && p + 8 <= b.length; n++) {
    if (hasAscii(b, p + 4, 'acTL')) return true;
    if (hasAscii(b, p + 4, 'IDAT') || hasAscii(b, p + 4, 'IEND')) return false;
    p += 12 + u32be(b, p);
  }
  return false;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
