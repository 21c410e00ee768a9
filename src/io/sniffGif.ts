/**
 * @file GIF header reader (GIF89a spec): logical screen size from the header, then a walk over
 * blocks (extensions and image descriptors, skipping their data sub-blocks) to tell whether the
 * file is animated. Pixel data is never decompressed.
 */
import { u16le, hasAscii } from './byteReaders';
import { headerProblem, type GifHeader, type HeaderProblem } from './imageHeader';

export function sniffGif(b: Uint8Array): GifHeader | HeaderProblem {
  if (b.length < 13) return headerProblem('TRUNCATED', `GIF header truncated: ${b.length} bytes, needs 13`);
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  return { format: 'gif', width, height, animated: isAnimatedGif(b) };
}

/** True on a NETSCAPE2.0/ANIMEXTS1.0 loop extension or a second image descriptor. */
function isAnimatedGif(b: Uint8Array): boolean {
  let p = 13;
  const packed = b[10];
  if (packed & 0x80) p += 3 * (1 << ((packed & 7) + 1)); // global colour table
  let images = 0;
  while (p < b.length) {
    const block = b[p];
    if (block === 0x3b) return false; // trailer
    if (block === 0x21) {
      const label = b[p + 1];
      if (label === 0xff && (hasAscii(b, p + 3, 'NETSCAPE2.0') || hasAscii(b, p + 3, 'ANIMEXTS1.0'))) return true;
      p = skipSubBlocks(b, p + 2);
    } else if (block === 0x2c) {
      if (++images > 1) return true;
      if (p + 10 > b.length) return false;
      const local = b[p + 9];
      p += 10;
      if (local & 0x80) p += 3 * (1 << ((local & 7) + 1));
      p = skipSubBlocks(b, p + 1); // +1: LZW minimum code size
    } else {
      return false; // unknown block: stop rather than guess
    }
  }
  return false;
}

/** Data sub-blocks: a length byte then that many bytes, ended by a 0 length. */
function skipSubBlocks(b: Uint8Array, p: number): number {
  while (p < b.length) {
    const n = b[p];
    p += 1 + n;
    if (n === 0) return p;
  }
  return b.length;
}
