/**
 * @file Builders for the io tests' generated corpus (valid and deliberately broken images):
 * raw PNG chunks with correct CRCs, JPEGs with a hand-built EXIF block, minimal GIF/WebP/BMP
 * headers. Test-only; kept out of `*.test.ts` so several test files can share it.
 */
import { encode as encodePngRaw } from 'fast-png';
import { encode as encodeJpegRaw } from 'jpeg-js';
import { crc32 } from './crc32';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const be32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number): number[] => [n & 255, (n >>> 8) & 255];
const le32 = (n: number): number[] => [...le16(n & 0xffff), ...le16(n >>> 16)];

/** One PNG chunk with a correct CRC. */
export function pngChunk(type: string, data: ArrayLike<number> = []): Uint8Array {
  const body = concat(ascii(type), data);
  return concat(be32(data.length), body, be32(crc32(body)));
}

export const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Signature + IHDR only (enough for sniffing), e.g. a 30000×30000 bomb header. */
export function pngHeaderOnly(width: number, height: number, depth = 8, colorType = 6, interlace = 0): Uint8Array {
  return concat(PNG_SIG, pngChunk('IHDR', [...be32(width), ...be32(height), depth, colorType, 0, 0, interlace]));
}

export function rgbaPng(width: number, height: number, fill: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(fill(x, y), (y * width + x) * 4);
  return encodePngRaw({ width, height, data, depth: 8, channels: 4 });
}

/** Inserts chunks right after IHDR (offset 33), e.g. tRNS or acTL. */
export function insertAfterIhdr(png: Uint8Array, ...chunks: Uint8Array[]): Uint8Array {
  return concat(png.subarray(0, 33), ...chunks, png.subarray(33));
}

/** Offset of the first IDAT chunk's length field. */
export function idatOffset(png: Uint8Array): number {
  for (let p = 8; p + 8 <= png.length;) {
    if (String.fromCharCode(...png.subarray(p + 4, p + 8)) === 'IDAT') return p;
    p += 12 + ((png[p] << 24) | (png[p + 1] << 16) | (png[p + 2] << 8) | png[p + 3]);
  }
  throw new Error('no IDAT');
}

export function jpeg(width: number, height: number, fill: (x: number, y: number) => [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...fill(x, y), 255], (y * width + x) * 4);
  return new Uint8Array(encodeJpegRaw({ width, height, data }, 95).data);
}

/** APP1 "Exif" segment whose IFD0 holds only Orientation (tag 0x0112, SHORT). */
export function exifApp1(orientation: number, littleEndian = false): Uint8Array {
  const u16 = (n: number) => (littleEndian ? le16(n) : [(n >> 8) & 255, n & 255]);
  const u32 = (n: number) => (littleEndian ? le32(n) : be32(n));
  const tiff = [
    ...(littleEndian ? ascii('II') : ascii('MM')), ...u16(42), ...u32(8),
    ...u16(1), ...u16(0x0112), ...u16(3), ...u32(1), ...u16(orientation), 0, 0,
    ...u32(0),
  ];
  const payload = [...ascii('Exif\0\0'), ...tiff];
  const len = payload.length + 2;
  return concat([0xff, 0xe1, (len >> 8) & 255, len & 255], payload);
}

/** Inserts a segment right after SOI. */
export function withSegment(jpg: Uint8Array, segment: Uint8Array): Uint8Array {
  return concat(jpg.subarray(0, 2), segment, jpg.subarray(2));
}

/** GIF89a with `frames` one-pixel image descriptors (LZW data is a stub: never decoded here). */
export function gif(width: number, height: number, frames: number, loopExtension = false): Uint8Array {
  const parts: number[][] = [[...ascii('GIF89a'), ...le16(width), ...le16(height), 0x80, 0, 0, 0, 0, 0, 255, 255, 255]];
  if (loopExtension) parts.push([0x21, 0xff, 11, ...ascii('NETSCAPE2.0'), 3, 1, 0, 0, 0]);
  for (let i = 0; i < frames; i++) parts.push([0x21, 0xf9, 4, 0, 10, 0, 0, 0], [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0]);
  parts.push([0x3b]);
  return concat(...parts);
}

export function webpVp8x(width: number, height: number, animated: boolean): Uint8Array {
  const flags = animated ? 0x02 : 0;
  const w = width - 1;
  const h = height - 1;
  const chunk = [...ascii('VP8X'), ...le32(10), flags, 0, 0, 0, w & 255, (w >> 8) & 255, (w >> 16) & 255, h & 255, (h >> 8) & 255, (h >> 16) & 255];
  return concat(ascii('RIFF'), le32(4 + chunk.length), ascii('WEBP'), chunk);
}

export function webpVp8l(width: number, height: number): Uint8Array {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  const chunk = [...ascii('VP8L'), ...le32(5), 0x2f, ...le32(bits >>> 0), 0, 0, 0, 0, 0];
  return concat(ascii('RIFF'), le32(4 + chunk.length), ascii('WEBP'), chunk);
}

export function bmp(width: number, height: number): Uint8Array {
  return concat(ascii('BM'), le32(54), le32(0), le32(54), le32(40), le32(width), le32(height), le16(1), le16(24), new Array(24).fill(0));
}

export const textBytes = (s: string): Uint8Array => new TextEncoder().encode(s);
