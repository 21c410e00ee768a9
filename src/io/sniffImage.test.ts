import { describe, expect, it } from 'vitest';
import { sniffImage, type SniffResult } from './sniffImage';
import {
  bmp, exifApp1, gif, insertAfterIhdr, jpeg, pngChunk, pngHeaderOnly, rgbaPng, textBytes, webpVp8l, webpVp8x, withSegment,
} from './makeTestImages';

function ok(r: SniffResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.reason}`);
  return r;
}
function bad(r: SniffResult) {
  if (r.ok) throw new Error(`expected a rejection, got ${r.format}`);
  return r;
}

describe('sniffImage', () => {
  it('reads PNG size, depth, colour type and interlace from IHDR', () => {
    const r = ok(sniffImage(pngHeaderOnly(112, 96, 16, 0, 1), 'a.png'));
    expect(r).toMatchObject({ format: 'png', width: 112, height: 96, bitDepth: 16, colorType: 'grayscale', interlaced: true, animated: false, extensionMatches: true });
    expect(ok(sniffImage(pngHeaderOnly(4, 4, 4, 3), 'p.png'))).toMatchObject({ colorType: 'palette', bitDepth: 4 });
    expect(ok(sniffImage(rgbaPng(1, 1, () => [1, 2, 3, 4]), 'one.png'))).toMatchObject({ width: 1, height: 1, colorType: 'rgba' });
  });

  it('detects APNG by acTL before IDAT', () => {
    const apng = insertAfterIhdr(rgbaPng(2, 2, () => [0, 0, 0, 255]), pngChunk('acTL', [0, 0, 0, 2, 0, 0, 0, 0]));
    expect(ok(sniffImage(apng, 'anim.png'))).toMatchObject({ format: 'png', animated: true });
  });

  it('rejects a 30000×30000 declared PNG as a decompression bomb, and honours custom limits', () => {
    const r = bad(sniffImage(pngHeaderOnly(30000, 30000), 'bomb.png'));
    expect(r.code).toBe('TOO_LARGE');
    expect(r.reason).toContain('30000×30000');
    expect(bad(sniffImage(pngHeaderOnly(8000, 8000), 'big.png')).code).toBe('TOO_LARGE'); // 64 MP > 40 MP
    expect(bad(sniffImage(pngHeaderOnly(200, 100), 's.png', { maxWidth: 100, maxHeight: 100, maxPixels: 1e6 })).code).toBe('TOO_LARGE');
    expect(ok(sniffImage(pngHeaderOnly(8192, 4096), 'edge.png')).width).toBe(8192);
  });

  it('rejects zero-byte, 0×0, text-named-png, truncated and damaged files with distinct codes', () => {
    expect(bad(sniffImage(new Uint8Array(0), 'empty.png')).code).toBe('EMPTY');
    expect(bad(sniffImage(pngHeaderOnly(0, 10), 'zero.png')).code).toBe('ZERO_SIZE');
    const text = bad(sniffImage(textBytes('hello, I am not a picture\n'), 'notes.png'));
    expect(text).toMatchObject({ code: 'NOT_AN_IMAGE', name: 'notes.png' });
    expect(bad(sniffImage(pngHeaderOnly(10, 10).subarray(0, 20), 't.png')).code).toBe('TRUNCATED');
    expect(bad(sniffImage(new Uint8Array([0x89, 0x50, 0x4e]), 't.png')).code).toBe('TRUNCATED');
    const crc = pngHeaderOnly(10, 10);
    crc[20] ^= 1; // change height without fixing the CRC
    expect(bad(sniffImage(crc, 'crc.png'))).toMatchObject({ code: 'BAD_HEADER', format: 'png' });
    expect(bad(sniffImage(pngHeaderOnly(10, 10, 3, 6), 'depth.png')).reason).toContain('bit depth 3');
    const crlf = pngHeaderOnly(10, 10);
    crlf[4] = 0x0a; // \r\n → \n damage, as after a text-mode transfer
    expect(bad(sniffImage(crlf, 'ftp.png')).code).toBe('BAD_HEADER');
  });

  it('names formats it does not load and tells unknown binary from text', () => {
    const tiff = new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
    expect(bad(sniffImage(tiff, 'x.png'))).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect(bad(sniffImage(tiff, 'x.png')).reason).toContain('TIFF');
    const heic = new Uint8Array([0, 0, 0, 24, ...textBytes('ftypheic'), 0, 0, 0, 0]);
    expect(bad(sniffImage(heic, 'a.heic')).reason).toContain('HEIF');
    expect(bad(sniffImage(textBytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.svg')).reason).toContain('SVG');
    expect(bad(sniffImage(new Uint8Array([1, 2, 3, 0, 250, 251]), 'x.bin')).code).toBe('UNKNOWN_FORMAT');
  });

  it('identifies by magic bytes, not by extension', () => {
    const r = ok(sniffImage(rgbaPng(3, 2, () => [0, 0, 0, 255]), 'photo.jpg'));
    expect(r.format).toBe('png');
    expect(r.extensionMatches).toBe(false);
  });

  it('reads JPEG size, EXIF orientation (both byte orders) and Adobe/CMYK flags', () => {
    const base = jpeg(16, 8, () => [200, 10, 10]);
    const plain = ok(sniffImage(base, 'a.jpg'));
    expect(plain).toMatchObject({ format: 'jpeg', width: 16, height: 8, components: 3, orientation: 1, cmyk: false, adobe: false, progressive: false });
    for (const little of [false, true]) {
      const r = ok(sniffImage(withSegment(base, exifApp1(6, little)), 'r.jpg'));
      expect(r).toMatchObject({ orientation: 6, width: 16, height: 8, displayWidth: 8, displayHeight: 16 });
    }
    const adobe = new Uint8Array([0xff, 0xee, 0, 14, ...textBytes('Adobe'), 0, 100, 0, 0, 0, 0, 2]);
    expect(ok(sniffImage(withSegment(base, adobe), 'cmyk.jpg'))).toMatchObject({ adobe: true, adobeTransform: 2 });
    // A frame header declaring 4 components (CMYK): patch the SOF0 component count.
    const sof = findMarker(base, 0xc0);
    const cmyk = base.slice();
    cmyk[sof + 9] = 4;
    expect(ok(sniffImage(cmyk, 'cmyk.jpg'))).toMatchObject({ components: 4, cmyk: true });
  });

  it('ignores a broken EXIF block rather than rejecting the image', () => {
    const broken = exifApp1(6).slice();
    broken[12] = 0x58; // corrupt the TIFF magic
    expect(ok(sniffImage(withSegment(jpeg(8, 8, () => [0, 0, 0]), broken), 'b.jpg'))).toMatchObject({ format: 'jpeg', orientation: 1 });
  });

  it('rejects JPEGs cut before the frame header, and wrong-magic files', () => {
    const j = jpeg(8, 8, () => [1, 2, 3]);
    expect(bad(sniffImage(j.subarray(0, 30), 'cut.jpg')).code).toBe('TRUNCATED');
    const wrong = j.slice();
    wrong[1] = 0x00;
    expect(bad(sniffImage(wrong, 'wrong.jpg')).code).toBe('UNKNOWN_FORMAT');
  });

  it('reads GIF size and animation', () => {
    expect(ok(sniffImage(gif(20, 10, 1), 'a.gif'))).toMatchObject({ format: 'gif', width: 20, height: 10, animated: false });
    expect(ok(sniffImage(gif(20, 10, 3), 'a.gif'))).toMatchObject({ animated: true });
    expect(ok(sniffImage(gif(20, 10, 1, true), 'a.gif'))).toMatchObject({ animated: true });
    expect(bad(sniffImage(gif(20, 10, 1).subarray(0, 9), 'a.gif')).code).toBe('TRUNCATED');
  });

  it('reads WebP (VP8X with animation flag, VP8L) and BMP headers', () => {
    expect(ok(sniffImage(webpVp8x(300, 200, true), 'a.webp'))).toMatchObject({ format: 'webp', width: 300, height: 200, animated: true, encoding: 'extended' });
    expect(ok(sniffImage(webpVp8l(64, 32), 'a.webp'))).toMatchObject({ width: 64, height: 32, encoding: 'lossless', animated: false });
    expect(bad(sniffImage(webpVp8x(20000, 20000, false), 'huge.webp')).code).toBe('TOO_LARGE');
    expect(ok(sniffImage(bmp(5, -7), 'a.bmp'))).toMatchObject({ format: 'bmp', width: 5, height: 7, topDown: true, bitsPerPixel: 24 });
  });
});

function findMarker(b: Uint8Array, marker: number): number {
  for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0xff && b[i + 1] === marker) return i;
  throw new Error('marker not found');
}
