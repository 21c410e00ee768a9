/**
 * @file Pure-JS decode of PNG (fast-png) and JPEG (jpeg-js) to RGBA8, for Node and as the
 * worker's fallback when createImageBitmap is unavailable or fails. JPEG EXIF orientation is
 * applied, as browsers do. Every failure becomes a typed result: this never throws.
 */
import { convertIndexedToRgb, decode as decodePng, type DecodedPng } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { applyExifOrientation, type RgbaImage } from './applyExifOrientation';
import { DEFAULT_IMAGE_LIMITS, type ImageFormat, type ImageLimits, type SniffErrorCode } from './imageHeader';
import { sniffImage, type SniffOk } from './sniffImage';

export type DecodeErrorCode =
  | SniffErrorCode
  | 'CORRUPT' // header fine, pixel data unreadable (bad CRC, truncated IDAT, bad Huffman code…)
  | 'DECODER_UNAVAILABLE'; // format recognised but this fallback cannot decode it

export type DecodeResult =
  | (RgbaImage & { readonly ok: true; readonly name: string; readonly header: SniffOk })
  | { readonly ok: false; readonly name: string; readonly code: DecodeErrorCode; readonly reason: string; readonly format?: ImageFormat };

export interface DecodeOptions {
  /** Declared-size limits, checked on the header before decoding. */
  readonly limits?: ImageLimits;
  /** jpeg-js' own guard on its working memory (coefficients, component buffers). Default 512. */
  readonly maxMemoryUsageInMB?: number;
}

export function decodeImageToRgba(bytes: Uint8Array, name: string, options: DecodeOptions = {}): DecodeResult {
  const limits = options.limits ?? DEFAULT_IMAGE_LIMITS;
  const header = sniffImage(bytes, name, limits);
  if (!header.ok) return header;
  const fail = (code: DecodeErrorCode, reason: string): DecodeResult =>
    ({ ok: false, name, code, reason, format: header.format });
  try {
    switch (header.format) {
      case 'png': {
        const rgba = pngToRgba(decodePng(bytes, { checkCrc: true }));
        return { ok: true, name, header, ...rgba };
      }
      case 'jpeg': {
        const decoded = decodeJpeg(bytes, {
          useTArray: true, // Uint8Array output: no Node Buffer in a browser worker
          formatAsRGBA: true,
          // Stricter than the header check is pointless, looser would defeat it.
          maxResolutionInMP: limits.maxPixels / 1e6,
          maxMemoryUsageInMB: options.maxMemoryUsageInMB ?? 512,
        });
        const data = new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
        if (data.length !== decoded.width * decoded.height * 4) return fail('CORRUPT', 'JPEG decoder returned a short pixel buffer');
        const img = applyExifOrientation({ width: decoded.width, height: decoded.height, data }, header.orientation);
        return { ok: true, name, header, ...img };
      }
      default:
        return fail(
          'DECODER_UNAVAILABLE',
          `${header.format.toUpperCase()} has no pure-JS decoder here (only PNG and JPEG); decode it with createImageBitmap`,
        );
    }
  } catch (error) {
    const message = describeError(error);
    return fail('CORRUPT', `${header.format.toUpperCase()} pixel data is corrupt or truncated: ${message}`);
  }
}

/** Any PNG variant fast-png returns (1–16 bit, grey/RGB/palette, ± alpha/tRNS) → RGBA8. */
function pngToRgba(png: DecodedPng): RgbaImage {
  const { width: w, height: h, depth, channels } = png;
  const n = w * h;
  const out = new Uint8ClampedArray(n * 4);
  if (png.palette) {
    // convertIndexedToRgb unpacks 1/2/4-bit indices and applies tRNS alpha itself.
    const rgb = convertIndexedToRgb(png);
    const c = rgb.length / n;
    if (c !== 3 && c !== 4) throw new Error(`palette expansion gave ${rgb.length} bytes for ${n} pixels`);
    for (let i = 0; i < n; i++) {
      out[i * 4] = rgb[i * c];
      out[i * 4 + 1] = rgb[i * c + 1];
      out[i * 4 + 2] = rgb[i * c + 2];
      out[i * 4 + 3] = c === 4 ? rgb[i * c + 3] : 255;
    }
    return { width: w, height: h, data: out };
  }
  const samples = unpackSamples(png);
  const max = (1 << depth) - 1;
  const to8 = depth === 8 ? (v: number) => v : (v: number) => Math.round((v * 255) / max);
  // tRNS for grey/RGB names one colour (in raw sample values) that is fully transparent.
  const key = png.transparency && (channels === 1 || channels === 3) ? png.transparency : null;
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    const o = i * 4;
    if (channels <= 2) {
      const g = to8(samples[s]);
      out[o] = out[o + 1] = out[o + 2] = g;
      out[o + 3] = channels === 2 ? to8(samples[s + 1]) : key && samples[s] === key[0] ? 0 : 255;
    } else {
      out[o] = to8(samples[s]);
      out[o + 1] = to8(samples[s + 1]);
      out[o + 2] = to8(samples[s + 2]);
      out[o + 3] = channels === 4
        ? to8(samples[s + 3])
        : key && samples[s] === key[0] && samples[s + 1] === key[1] && samples[s + 2] === key[2] ? 0 : 255;
    }
  }
  return { width: w, height: h, data: out };
}

/** fast-png keeps 1/2/4-bit grey rows packed (each row byte-aligned): spread to one sample each. */
function unpackSamples(png: DecodedPng): ArrayLike<number> {
  const { width: w, height: h, depth, channels, data } = png;
  const expected = w * h * channels;
  if (depth >= 8) {
    if (data.length < expected) throw new Error(`image data has ${data.length} samples, expected ${expected}`);
    return data;
  }
  const rowBytes = Math.ceil((w * channels * depth) / 8);
  if (data.length < rowBytes * h) throw new Error(`image data has ${data.length} bytes, expected ${rowBytes * h}`);
  const out = new Uint8Array(expected);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w * channels; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      out[y * w * channels + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** fast-png wraps inflate failures as "Error while decompressing the data:" with the detail in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
