/**
 * @file A tiny baseline JPEG writer for tests (ITU T.81, sequential Huffman): every 8×8 block of every
 * component is one flat value, coded as a DC coefficient only (quantiser 1, no AC), so the decoded pixels
 * are known exactly (±1 for the decoder's integer IDCT). It writes what jpeg-js' encoder cannot: 1, 3 or 4
 * components with an Adobe APP14 segment, i.e. Adobe CMYK (transform 0) and YCCK (transform 2) files.
 * Test-only, shared by the io unit tests and the e2e bad-input corpus.
 */

export interface BlockJpegSpec {
  /** Multiples of 8. */
  width: number;
  height: number;
  /** One plane per component, one stored sample value (0–255) per 8×8 block, blocks in raster order. */
  planes: ArrayLike<number>[];
  /** Adds an Adobe APP14 segment with this colour transform (0 none/CMYK, 1 YCbCr, 2 YCCK). */
  adobeTransform?: 0 | 1 | 2;
}

const u16 = (n: number) => [(n >> 8) & 255, n & 255];
const segment = (marker: number, body: number[]) => [0xff, marker, ...u16(body.length + 2), ...body];

/** DC categories 0–11 all get 4-bit codes (code = category): a valid canonical table (no all-ones code). */
const DC_BITS = [0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** The AC table holds only EOB (0x00) as the 1-bit code "0". */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.emit();
    }
  }
  /** Pads the last byte with 1-bits (T.81 F.1.2.3). */
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1);
    return this.bytes;
  }
  private emit(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
}

export function writeBlockJpeg(spec: BlockJpegSpec): Uint8Array {
  const { width, height, planes } = spec;
  if (width % 8 || height % 8) throw new Error('writeBlockJpeg: width and height must be multiples of 8');
  const blocks = (width / 8) * (height / 8);
  for (const p of planes) if (p.length !== blocks) throw new Error(`writeBlockJpeg: a plane needs ${blocks} block values`);
  const nf = planes.length;
  const out: number[] = [0xff, 0xd8];
  if (spec.adobeTransform !== undefined) out.push(...segment(0xee, [...Array.from('Adobe', (c) => c.charCodeAt(0)), ...u16(100), 0, 0, 0, 0, spec.adobeTransform]));
  out.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
  const comps = planes.flatMap((_, i) => [i + 1, 0x11, 0]);
  out.push(...segment(0xc0, [8, ...u16(height), ...u16(width), nf, ...comps]));
  out.push(...segment(0xc4, [0x00, ...DC_BITS, ...DC_SYMBOLS, 0x10, ...AC_BITS, 0x00]));
  out.push(...segment(0xda, [nf, ...planes.flatMap((_, i) => [i + 1, 0x00]), 0, 63, 0]));
  const bits = new BitWriter();
  const predictor = new Array<number>(nf).fill(0);
  // With every component at 1×1 sampling an MCU is one block of each component, in component order.
  for (let b = 0; b < blocks; b++) {
    for (let c = 0; c < nf; c++) {
      // A flat block of value v has the DC coefficient 8·(v − 128) (level shift, then T.81 A.3.3 at u=v=0).
      const dc = 8 * (Math.round(planes[c][b]) - 128);
      const diff = dc - predictor[c];
      predictor[c] = dc;
      const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      bits.write(size, 4);
      if (size > 0) bits.write(diff > 0 ? diff : diff + (1 << size) - 1, size);
      bits.write(0, 1); // EOB
    }
  }
  out.push(...bits.finish(), 0xff, 0xd9);
  return Uint8Array.from(out);
}

/** JFIF RGB → YCbCr (T.871), rounded, as an encoder would store it. */
export function rgbToYcc(r: number, g: number, b: number): [number, number, number] {
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return [
    clamp(0.299 * r + 0.587 * g + 0.114 * b),
    clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
    clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
  ];
}
