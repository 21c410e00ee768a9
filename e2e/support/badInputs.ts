/**
 * A bad-input corpus generated in the test process (not hand-picked files): broken and unusual images, and
 * hostile zips. Each entry says whether the studio must load it or skip it with a reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { encode } from 'fast-png';
import jpeg from 'jpeg-js';
import { writeBlockJpeg } from '../../src/io/blockJpeg.test-util';
import { facePng } from './makeFaces';

export interface CorpusFile {
  /** Path relative to the corpus root (folders become identities). */
  path: string;
  bytes: Uint8Array;
  expect: 'load' | 'skip';
  /** Substring of the skip reason the report must show. */
  reason?: string;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG whose header declares width×height but whose pixel data is tiny (decompression-bomb shape). */
function bombPngHeader(width: number, height: number): Uint8Array {
  const sig = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', Uint8Array.of(0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01)), chunk('IEND', new Uint8Array())]);
}

/** Minimal 2-frame animated GIF (2×2, global palette of 2 colours). */
function animatedGif(): Uint8Array {
  const header = Buffer.from('GIF89a', 'latin1');
  const lsd = Uint8Array.of(2, 0, 2, 0, 0x80, 0, 0);
  const palette = Uint8Array.of(200, 50, 50, 20, 20, 200);
  const loop = Uint8Array.of(0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'latin1'), 0x03, 0x01, 0x00, 0x00, 0x00);
  const frame = (colour: number) => [
    Uint8Array.of(0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00),
    Uint8Array.of(0x2c, 0, 0, 0, 0, 2, 0, 2, 0, 0),
    // LZW, min code size 2: clear(4), the colour index four times, end(5); 3-bit codes growing to 4 bits
    // after the table reaches 8 entries, packed least-significant bit first.
    colour === 0 ? Uint8Array.of(0x02, 0x03, 0x04, 0x00, 0x05, 0x00) : Uint8Array.of(0x02, 0x03, 0x4c, 0x12, 0x05, 0x00),
  ];
  return Buffer.concat([header, lsd, palette, loop, ...frame(0), ...frame(1), Uint8Array.of(0x3b)]);
}

/** A JPEG with an EXIF APP1 segment setting orientation 6 (rotate 90° clockwise). */
function exifJpeg(): Uint8Array {
  const w = 48;
  const h = 32;
  const data = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([i % w < w / 2 ? 220 : 30, 120, 60, 255], i * 4);
  const plain = jpeg.encode({ data, width: w, height: h }, 90).data;
  const tiff = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  return Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)]);
}

/** Ink coverage (0–1) of the flat CMYK test image, and the sRGB browsers show for it: 255·(1 − C)(1 − K)… */
export const CMYK_INK = [0.1, 0.7, 0.3, 0.2] as const;
export const CMYK_AS_RGB = [0, 1, 2].map((ch) => 255 * (1 - CMYK_INK[ch]) * (1 - CMYK_INK[3]));

/** A 32×32 Adobe CMYK JPEG (inverted samples, as Photoshop writes them) of one flat colour. */
function cmykJpeg(): Uint8Array {
  const planes = CMYK_INK.map((ink) => new Array<number>(16).fill(255 - Math.round(255 * ink)));
  return writeBlockJpeg({ width: 32, height: 32, planes, adobeTransform: 0 });
}

/** LSB-first bit packer for the WebP lossless (VP8L) bitstream. */
function vp8lBits(fields: [value: number, bits: number][]): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  for (const [value, bits] of fields)
    for (let i = 0; i < bits; i++) {
      acc |= ((value >> i) & 1) << n;
      if (++n === 8) {
        out.push(acc);
        acc = n = 0;
      }
    }
  if (n) out.push(acc);
  return Uint8Array.from(out);
}

/**
 * A flat-colour VP8L image: no transforms, no colour cache, and five "simple" prefix codes with one symbol
 * each (zero-length codes), so every pixel is the given ARGB and costs no bits (WebP lossless spec §3.7.2.1.1).
 */
function flatVp8l(w: number, h: number, [r, g, b, a]: number[]): Uint8Array {
  const one = (symbol: number): [number, number][] => [[1, 1], [0, 1], [1, 1], [symbol, 8]];
  return vp8lBits([[0x2f, 8], [w - 1, 14], [h - 1, 14], [1, 1], [0, 3], [0, 1], [0, 1], [0, 1], ...one(g), ...one(r), ...one(b), ...one(a), ...one(0)]);
}

function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Uint8Array.of(0) : new Uint8Array()]);
}

const u24 = (n: number) => Uint8Array.of(n & 255, (n >> 8) & 255, (n >> 16) & 255);

/** A 2-frame animated WebP (VP8X + ANIM + two ANMF frames of lossless flat colour), 8×8. */
function animatedWebp(): Uint8Array {
  const w = 8;
  const h = 8;
  const vp8x = Buffer.concat([Uint8Array.of(0x12, 0, 0, 0), u24(w - 1), u24(h - 1)]); // animation + alpha flags
  const anim = Uint8Array.of(255, 255, 255, 255, 0, 0);
  const frame = (rgba: number[]) => riffChunk('ANMF', Buffer.concat([u24(0), u24(0), u24(w - 1), u24(h - 1), u24(100), Uint8Array.of(0), riffChunk('VP8L', flatVp8l(w, h, rgba))]));
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), riffChunk('VP8X', vp8x), riffChunk('ANIM', anim), frame([40, 160, 90, 255]), frame([200, 30, 30, 255])]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

export function imageCorpus(): CorpusFile[] {
  const good = facePng(1, 0, 64);
  const truncated = good.slice(0, 100);
  const badCrc = good.slice();
  badCrc[20] ^= 0xff; // inside IHDR data: CRC no longer matches
  const wrongMagic = good.slice();
  wrongMagic[1] = 0x51;
  const gray = encode({ width: 8, height: 8, data: new Uint8Array(64).map((_, i) => i * 4), channels: 1, depth: 8 });
  const sixteen = encode({ width: 8, height: 8, data: new Uint16Array(8 * 8 * 3).map((_, i) => i * 300), channels: 3, depth: 16 });
  const palette = encode({ width: 4, height: 4, data: new Uint8Array(16).map((_, i) => i % 2), channels: 1, depth: 8, palette: [[255, 0, 0], [0, 0, 255]] });
  return [
    { path: 'ok/0.png', bytes: good, expect: 'load' },
    { path: 'ok/1.png', bytes: encode({ width: 1, height: 1, data: Uint8Array.of(10, 20, 30, 255), channels: 4, depth: 8 }), expect: 'load' },
    { path: 'ok/2.png', bytes: gray, expect: 'load' },
    { path: 'ok/3.png', bytes: sixteen, expect: 'load' },
    { path: 'ok/4.png', bytes: palette, expect: 'load' },
    { path: 'ok/5.gif', bytes: animatedGif(), expect: 'load' },
    { path: 'ok/6.jpg', bytes: exifJpeg(), expect: 'load' },
    { path: 'ok/7.jpg', bytes: cmykJpeg(), expect: 'load' },
    { path: 'ok/8.webp', bytes: animatedWebp(), expect: 'load' },
    { path: 'bad/0.png', bytes: truncated, expect: 'skip', reason: '' },
    { path: 'bad/1.png', bytes: badCrc, expect: 'skip', reason: 'CRC' },
    { path: 'bad/2.png', bytes: wrongMagic, expect: 'skip', reason: '' },
    { path: 'bad/3.png', bytes: new Uint8Array(0), expect: 'skip', reason: 'empty' },
    { path: 'bad/4.png', bytes: Buffer.from('hello, I am a text file'), expect: 'skip', reason: 'text' },
    { path: 'bad/5.png', bytes: bombPngHeader(30000, 30000), expect: 'skip', reason: '30000×30000' },
    { path: 'bad/6.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), expect: 'skip', reason: '' },
  ];
}

export function writeCorpus(files: CorpusFile[]): string {
  const root = join(mkdtempSync(join(tmpdir(), 'corpus-')), 'corpus');
  for (const f of files) {
    const p = join(root, f.path);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, f.bytes);
  }
  return root;
}

/**
 * Hostile zips, written with Python's zipfile (which happily writes what we ask): traversal, absolute and
 * duplicate names, unicode names, a nested zip and a zip bomb entry, beside valid faces.
 */
export function hostileZip(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  writeFileSync(join(dir, 'face.png'), facePng(2, 1, 48));
  const out = join(dir, 'hostile.zip');
  execFileSync('python3', [
    '-c',
    [
      'import sys, zipfile, io',
      'face = open(sys.argv[1], "rb").read()',
      'inner = io.BytesIO()',
      'with zipfile.ZipFile(inner, "w") as z2: z2.writestr("x/0.png", face)',
      'with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:',
      '  z.writestr("faces/0/0.png", face)',
      '  z.writestr("faces/0/1.png", face)',
      '  z.writestr("faces/\u00e9\u9854/0.png", face)',
      '  z.writestr("../evil.png", face)',
      '  z.writestr("/abs.png", face)',
      '  z.writestr("faces/0/0.png", face)',
      '  z.writestr("faces/nested.zip", inner.getvalue())',
      '  z.writestr("faces/bomb/0.png", b"\\0" * (120 * 1024 * 1024))',
    ].join('\n'),
    join(dir, 'face.png'),
    out,
  ]);
  return out;
}

/** A zip of `n` tiny valid PNGs in DigiFace layout (100 per identity), and a malformed zip. */
export function manyFacesZip(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'many-'));
  const tiny = encode({ width: 4, height: 4, data: new Uint8Array(64).fill(128), channels: 4, depth: 8 });
  writeFileSync(join(dir, 'tiny.png'), tiny);
  const out = join(dir, 'many.zip');
  execFileSync('python3', [
    '-c',
    'import sys, zipfile\nb=open(sys.argv[1],"rb").read()\nn=int(sys.argv[3])\nwith zipfile.ZipFile(sys.argv[2],"w") as z:\n  for i in range(n): z.writestr(f"set/{i//100}/{i%100}.png", b)',
    join(dir, 'tiny.png'),
    out,
    String(n),
  ]);
  return out;
}

export function malformedZip(): string {
  const dir = mkdtempSync(join(tmpdir(), 'malformed-'));
  const p = join(dir, 'broken.zip');
  writeFileSync(p, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]));
  return p;
}
