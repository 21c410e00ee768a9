/**
 * @file JPEG header reader (ITU T.81 marker segments): walks markers from SOI up to the first
 * SOS, collecting the frame header (SOFn: precision, height, width, components), the APP14
 * "Adobe" segment (colour transform) and the APP1 "Exif" orientation. No entropy data is read.
 */
import { u16be, hasAscii } from './byteReaders';
import { headerProblem, type ExifOrientation, type HeaderProblem, type JpegHeader } from './imageHeader';
import { readExifOrientation } from './readExifOrientation';

/** SOF markers that carry a frame header: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Progressive SOF markers (C2 Huffman, CA arithmetic; C6/CE are differential progressive). */
const PROGRESSIVE = new Set([0xc2, 0xc6, 0xca, 0xce]);

export function sniffJpeg(b: Uint8Array): JpegHeader | HeaderProblem {
  let p = 2; // after SOI (FF D8)
  let orientation: ExifOrientation = 1;
  let adobeTransform: number | null = null;
  let adobe = false;
  let frame: { width: number; height: number; components: number; progressive: boolean } | null = null;
  while (p < b.length) {
    if (b[p] !== 0xff) return headerProblem('BAD_HEADER', `JPEG marker expected at byte ${p}`);
    while (p < b.length && b[p] === 0xff) p++; // fill bytes (T.81 B.1.1.2)
    if (p >= b.length) break;
    const marker = b[p++];
    // Standalone markers without a length: TEM, RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9) break; // EOI before SOS: no image data
    if (p + 2 > b.length) break;
    const len = u16be(b, p);
    if (len < 2) return headerProblem('BAD_HEADER', `JPEG segment length ${len} at byte ${p} is invalid`);
    const seg = p + 2;
    const end = p + len;
    if (marker === 0xda) {
      // SOS: entropy-coded data follows; everything we need precedes it.
      if (!frame) return headerProblem('BAD_HEADER', 'JPEG scan (SOS) before any frame header (SOF)');
      break;
    }
    if (end > b.length) break;
    if (isSof(marker)) {
      if (len < 8) return headerProblem('BAD_HEADER', 'JPEG frame header (SOF) too short');
      frame = {
        height: u16be(b, seg + 1),
        width: u16be(b, seg + 3),
        components: b[seg + 5],
        progressive: PROGRESSIVE.has(marker),
      };
    } else if (marker === 0xe1 && hasAscii(b, seg, 'Exif\0\0')) {
      orientation = readExifOrientation(b.subarray(seg + 6, end));
    } else if (marker === 0xee && hasAscii(b, seg, 'Adobe') && len >= 14) {
      adobe = true;
      adobeTransform = b[seg + 11];
    }
    p = end;
  }
  if (!frame) return headerProblem('TRUNCATED', 'JPEG ends before its frame header (SOF): no width/height');
  const swap = orientation >= 5;
  return {
    format: 'jpeg',
    width: frame.width,
    height: frame.height,
    components: frame.components,
    cmyk: frame.components === 4,
    adobe,
    adobeTransform,
    progressive: frame.progressive,
    orientation,
    displayWidth: swap ? frame.height : frame.width,
    displayHeight: swap ? frame.width : frame.height,
  };
}
