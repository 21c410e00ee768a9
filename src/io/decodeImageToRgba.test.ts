import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImageToRgba, type DecodeResult } from './decodeImageToRgba';
import { applyExifOrientation, type RgbaImage } from './applyExifOrientation';
import { rgbToYcc, writeBlockJpeg } from './blockJpeg.test-util';
import { exifApp1, gif, idatOffset, insertAfterIhdr, jpeg, pngChunk, rgbaPng, textBytes, withSegment } from './makeTestImages';

function ok(r: DecodeResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.reason}`);
  return r;
}
function bad(r: DecodeResult) {
  if (r.ok) throw new Error('expected a failure');
  return r;
}
const px = (r: { width: number; data: Uint8ClampedArray }, x: number, y: number) =>
  Array.from(r.data.subarray((y * r.width + x) * 4, (y * r.width + x) * 4 + 4));

describe('decodeImageToRgba: PNG', () => {
  it('decodes 8-bit RGBA exactly', () => {
    const r = ok(decodeImageToRgba(rgbaPng(3, 2, (x, y) => [x * 50, y * 100, 7, 200]), 'a.png'));
    expect([r.width, r.height]).toEqual([3, 2]);
    expect(px(r, 2, 1)).toEqual([100, 100, 7, 200]);
  });

  it('decodes 16-bit grayscale, 1-bit grayscale and grey+alpha to RGBA8', () => {
    const g16 = encode({ width: 2, height: 1, data: new Uint16Array([0, 65535]), depth: 16, channels: 1 });
    const r16 = ok(decodeImageToRgba(g16, 'g16.png'));
    expect([px(r16, 0, 0), px(r16, 1, 0)]).toEqual([[0, 0, 0, 255], [255, 255, 255, 255]]);
    const g1 = encode({ width: 3, height: 2, data: new Uint8Array([0b10100000, 0b01000000]), depth: 1, channels: 1 });
    const r1 = ok(decodeImageToRgba(g1, 'g1.png'));
    expect([0, 1, 2].map((x) => px(r1, x, 0)[0])).toEqual([255, 0, 255]);
    expect([0, 1, 2].map((x) => px(r1, x, 1)[0])).toEqual([0, 255, 0]);
    const ga = encode({ width: 1, height: 1, data: new Uint8Array([90, 30]), depth: 8, channels: 2 });
    expect(px(ok(decodeImageToRgba(ga, 'ga.png')), 0, 0)).toEqual([90, 90, 90, 30]);
    const rgb16 = encode({ width: 1, height: 1, data: new Uint16Array([65535, 32896, 0]), depth: 16, channels: 3 });
    expect(px(ok(decodeImageToRgba(rgb16, 'rgb16.png')), 0, 0)).toEqual([255, 128, 0, 255]);
  });

  it('decodes palette PNGs (4-bit and 8-bit with tRNS alpha)', () => {
    const p4 = encode({ width: 3, height: 1, data: new Uint8Array([0x12, 0x00]), depth: 4, channels: 1, palette: [[1, 1, 1], [2, 3, 4], [250, 0, 9]] });
    const r4 = ok(decodeImageToRgba(p4, 'p4.png'));
    expect([px(r4, 0, 0), px(r4, 1, 0), px(r4, 2, 0)]).toEqual([[2, 3, 4, 255], [250, 0, 9, 255], [1, 1, 1, 255]]);
    const p8 = encode({ width: 2, height: 1, data: new Uint8Array([0, 1]), depth: 8, channels: 1, palette: [[255, 0, 0], [0, 0, 255]] });
    const withTrns = insertPlteTrns(p8, [128, 255]);
    const r8 = ok(decodeImageToRgba(withTrns, 'p8.png'));
    expect([px(r8, 0, 0), px(r8, 1, 0)]).toEqual([[255, 0, 0, 128], [0, 0, 255, 255]]);
  });

  it('honours a grayscale tRNS colour key', () => {
    const g = encode({ width: 2, height: 1, data: new Uint8Array([10, 20]), depth: 8, channels: 1 });
    const r = ok(decodeImageToRgba(insertAfterIhdr(g, pngChunk('tRNS', [0, 20])), 'key.png'));
    expect([px(r, 0, 0)[3], px(r, 1, 0)[3]]).toEqual([255, 0]);
  });

  it('reports a bad IDAT CRC and a truncated IDAT as CORRUPT, never throwing', () => {
    const png = rgbaPng(16, 16, (x, y) => [x, y, x ^ y, 255]);
    const idat = idatOffset(png);
    const len = new DataView(png.buffer, png.byteOffset).getUint32(idat);
    const crc = png.slice();
    crc[idat + 8 + len] ^= 0xff; // IDAT's stored CRC-32
    const r = bad(decodeImageToRgba(crc, 'crc.png'));
    expect(r).toMatchObject({ code: 'CORRUPT', format: 'png' });
    expect(r.reason).toMatch(/CRC/);
    const flipped = png.slice();
    flipped[idat + 8 + (len >> 1)] ^= 0xff; // inside the data, with the stored CRC left as it was
    expect(bad(decodeImageToRgba(flipped, 'flip.png')).code).toBe('CORRUPT');
    for (const cut of [idatOffset(png) + 10, png.length - 13, png.length - 1]) {
      expect(bad(decodeImageToRgba(png.subarray(0, cut), 'cut.png')).code).toBe('CORRUPT');
    }
  });

  it('passes header rejections through (bomb, text, empty) without decoding', () => {
    expect(bad(decodeImageToRgba(new Uint8Array(0), 'e.png')).code).toBe('EMPTY');
    expect(bad(decodeImageToRgba(textBytes('not an image'), 't.png')).code).toBe('NOT_AN_IMAGE');
  });
});

describe('decodeImageToRgba: JPEG', () => {
  const leftRedRightBlue = (x: number): [number, number, number] => (x < 8 ? [230, 20, 20] : [20, 20, 230]);

  it('decodes a JPEG to RGBA8', () => {
    const r = ok(decodeImageToRgba(jpeg(16, 8, leftRedRightBlue), 'a.jpg'));
    expect([r.width, r.height]).toEqual([16, 8]);
    expect(px(r, 2, 4)[0]).toBeGreaterThan(180);
    expect(px(r, 13, 4)[2]).toBeGreaterThan(180);
  });

  it('applies EXIF orientation 6 (rotate 90° clockwise): left half ends up on top', () => {
    const r = ok(decodeImageToRgba(withSegment(jpeg(16, 8, leftRedRightBlue), exifApp1(6)), 'rot.jpg'));
    expect([r.width, r.height]).toEqual([8, 16]);
    expect(px(r, 4, 2)[0]).toBeGreaterThan(180);
    expect(px(r, 4, 13)[2]).toBeGreaterThan(180);
  });

  it('reports truncated and garbled JPEGs as CORRUPT', () => {
    const j = jpeg(32, 32, (x, y) => [x * 8, y * 8, 0]);
    expect(bad(decodeImageToRgba(j.subarray(0, Math.floor(j.length * 0.7)), 'cut.jpg')).code).toBe('CORRUPT');
    expect(bad(decodeImageToRgba(j.subarray(0, j.length - 2), 'noeoi.jpg')).code).toBe('CORRUPT');
  });

  it('enforces the resolution limit through the header check', () => {
    const r = bad(decodeImageToRgba(jpeg(64, 64, () => [0, 0, 0]), 'a.jpg', { limits: { maxWidth: 32, maxHeight: 32, maxPixels: 1e6 } }));
    expect(r.code).toBe('TOO_LARGE');
  });

  // Ink coverage (0–1) of four flat 8×8 blocks, and the sRGB each must decode to by the naive device
  // conversion browsers use for Adobe CMYK: R = 255·(1 − C)(1 − K), likewise G from M and B from Y.
  const inks = [
    [0.2, 0.6, 0.1, 0.3],
    [0, 0, 0, 0],
    [1, 0, 0.5, 0],
    [0.1, 0.2, 0.9, 0.8],
  ];
  const expectedRgb = inks.map(([c, m, y, k]) => [c, m, y].map((v) => 255 * (1 - v) * (1 - k)));
  const blockCentres = [[4, 4], [12, 4], [4, 12], [12, 12]];

  it('decodes an Adobe CMYK JPEG (inverted samples, transform 0) to the right sRGB', () => {
    // Adobe CMYK files store 255 − ink.
    const planes = [0, 1, 2, 3].map((ch) => inks.map((ink) => 255 - Math.round(255 * ink[ch])));
    const r = ok(decodeImageToRgba(writeBlockJpeg({ width: 16, height: 16, planes, adobeTransform: 0 }), 'cmyk.jpg'));
    expect(r.header).toMatchObject({ format: 'jpeg', cmyk: true, adobeTransform: 0 });
    blockCentres.forEach(([x, y], i) => {
      const got = px(r, x, y);
      expectedRgb[i].forEach((v, ch) => expect(Math.abs(got[ch] - v), `block ${i} channel ${ch}: ${got} vs ${expectedRgb[i]}`).toBeLessThanOrEqual(2));
      expect(got[3]).toBe(255);
    });
  });

  it('decodes an Adobe YCCK JPEG (transform 2) to the same sRGB as its CMYK twin', () => {
    // YCCK: C, M, Y are coded as YCbCr of the ink values, K is stored inverted (libjpeg's ycck_cmyk_convert).
    const ycc = inks.map(([c, m, y]) => rgbToYcc(255 * c, 255 * m, 255 * y));
    const planes = [0, 1, 2].map((ch) => ycc.map((v) => v[ch])).concat([inks.map((ink) => 255 - Math.round(255 * ink[3]))]);
    const r = ok(decodeImageToRgba(writeBlockJpeg({ width: 16, height: 16, planes, adobeTransform: 2 }), 'ycck.jpg'));
    blockCentres.forEach(([x, y], i) => {
      const got = px(r, x, y);
      expectedRgb[i].forEach((v, ch) => expect(Math.abs(got[ch] - v), `block ${i} channel ${ch}: ${got} vs ${expectedRgb[i]}`).toBeLessThanOrEqual(3));
    });
  });

  it('reports a 4-component JPEG without the Adobe segment (colour model unknown) as a failure, never throwing', () => {
    const planes = [0, 1, 2, 3].map(() => [10, 20, 30, 40]);
    const r = bad(decodeImageToRgba(writeBlockJpeg({ width: 16, height: 16, planes }), 'plain4.jpg'));
    expect(r.reason).toMatch(/4 components|colou?r/i);
  });

  it('decodes the test writer\'s 3-component YCbCr JPEG exactly (the writer itself is right)', () => {
    const rgb = [[200, 30, 60], [0, 0, 0], [255, 255, 255], [20, 140, 220]];
    const ycc = rgb.map(([a, b, c]) => rgbToYcc(a, b, c));
    const planes = [0, 1, 2].map((ch) => ycc.map((v) => v[ch]));
    const r = ok(decodeImageToRgba(writeBlockJpeg({ width: 16, height: 16, planes }), 'ycc.jpg'));
    blockCentres.forEach(([x, y], i) => rgb[i].forEach((v, ch) => expect(Math.abs(px(r, x, y)[ch] - v)).toBeLessThanOrEqual(3)));
  });

  it('says which formats need createImageBitmap', () => {
    expect(bad(decodeImageToRgba(gif(4, 4, 1), 'a.gif'))).toMatchObject({ code: 'DECODER_UNAVAILABLE', format: 'gif' });
  });
});

describe('applyExifOrientation', () => {
  // 2×3 image whose pixel value encodes its position: R = x, G = y.
  const img: RgbaImage = { width: 2, height: 3, data: new Uint8ClampedArray(2 * 3 * 4) };
  for (let y = 0; y < 3; y++) for (let x = 0; x < 2; x++) img.data.set([x, y, 0, 255], (y * 2 + x) * 4);
  const at = (r: RgbaImage, x: number, y: number) => px(r, x, y).slice(0, 2);

  it.each([
    [2, 2, 3, [1, 0]], [3, 2, 3, [1, 2]], [4, 2, 3, [0, 2]],
    [5, 3, 2, [0, 0]], [6, 3, 2, [0, 2]], [7, 3, 2, [1, 2]], [8, 3, 2, [1, 0]],
  ] as const)('orientation %i: size %i×%i, top-left comes from %j', (o, w, h, src) => {
    const r = applyExifOrientation(img, o);
    expect([r.width, r.height]).toEqual([w, h]);
    expect(at(r, 0, 0)).toEqual(src);
  });

  it('is undone by its inverse (6 then 8)', () => {
    expect(Array.from(applyExifOrientation(applyExifOrientation(img, 6), 8).data)).toEqual(Array.from(img.data));
  });
});

/** fast-png does not write tRNS for palettes; add one after PLTE with a correct CRC. */
function insertPlteTrns(png: Uint8Array, alphas: number[]): Uint8Array {
  const idat = idatOffset(png);
  const trns = pngChunk('tRNS', alphas);
  const out = new Uint8Array(png.length + trns.length);
  out.set(png.subarray(0, idat));
  out.set(trns, idat);
  out.set(png.subarray(idat), idat + trns.length);
  return out;
}
