/**
 * @file WebP header reader (RFC 9649): RIFF container, then the first chunk is `VP8 ` (lossy,
 * 14-bit sizes in the key-frame header), `VP8L` (lossless, 14-bit sizes after the 0x2F
 * signature) or `VP8X` (extended: flags incl. animation/alpha, 24-bit canvas size minus one).
 */
import { u16le, u24le, u32le, hasAscii } from './byteReaders';
import { headerProblem, type HeaderProblem, type WebpHeader } from './imageHeader';

export function sniffWebp(b: Uint8Array): WebpHeader | HeaderProblem {
  if (b.length < 30) return headerProblem('TRUNCATED', `WebP header truncated: ${b.length} bytes, needs 30`);
  if (hasAscii(b, 12, 'VP8X')) {
    const flags = b[20];
    return {
      format: 'webp', encoding: 'extended',
      width: u24le(b, 24) + 1, height: u24le(b, 27) + 1,
      animated: (flags & 0x02) !== 0, alpha: (flags & 0x10) !== 0,
    };
  }
  if (hasAscii(b, 12, 'VP8 ')) {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) {
      return headerProblem('BAD_HEADER', 'WebP VP8 key-frame start code 9D 01 2A missing');
    }
    return {
      format: 'webp', encoding: 'lossy',
      width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff,
      animated: false, alpha: false,
    };
  }
  if (hasAscii(b, 12, 'VP8L')) {
    if (b[20] !== 0x2f) return headerProblem('BAD_HEADER', 'WebP VP8L signature byte 0x2F missing');
    const bits = u32le(b, 21);
    return {
      format: 'webp', encoding: 'lossless',
      width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1,
      animated: false, alpha: ((bits >>> 28) & 1) === 1,
    };
  }
  return headerProblem('BAD_HEADER', 'WebP first chunk is not VP8, VP8L or VP8X');
}
