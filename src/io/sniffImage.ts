/**
 * @file Identifies an image by its magic bytes (never by its extension) and reads its declared
 * size and format details from the header only, so that bad files are rejected per file — with a
 * reason and a stable code — before anything is decoded. Guards against decompression bombs by
 * checking the declared size against limits.
 */
import { hasAscii } from './byteReaders';
import {
  DEFAULT_IMAGE_LIMITS, isHeaderProblem,
  type HeaderProblem, type ImageFormat, type ImageHeader, type ImageLimits, type SniffErrorCode,
} from './imageHeader';
import { sniffBmp } from './sniffBmp';
import { sniffGif } from './sniffGif';
import { sniffJpeg } from './sniffJpeg';
import { PNG_SIGNATURE, sniffPng } from './sniffPng';
import { sniffWebp } from './sniffWebp';

export * from './imageHeader';

export type SniffOk = ImageHeader & {
  readonly ok: true;
  readonly name: string;
  readonly byteLength: number;
  /** False when the extension names another format (e.g. a JPEG saved as .png): loaded anyway. */
  readonly extensionMatches: boolean;
};

export interface SniffFail {
  readonly ok: false;
  readonly name: string;
  readonly code: SniffErrorCode;
  readonly reason: string;
  /** Set when the format was recognised but the header was bad or too large. */
  readonly format?: ImageFormat;
}

export type SniffResult = SniffOk | SniffFail;

interface Magic {
  readonly format: ImageFormat;
  readonly bytes: readonly number[];
  readonly read: (b: Uint8Array) => ImageHeader | HeaderProblem;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const MAGICS: readonly Magic[] = [
  { format: 'png', bytes: PNG_SIGNATURE, read: sniffPng },
  { format: 'jpeg', bytes: [0xff, 0xd8, 0xff], read: sniffJpeg },
  { format: 'gif', bytes: ascii('GIF87a'), read: sniffGif },
  { format: 'gif', bytes: ascii('GIF89a'), read: sniffGif },
  { format: 'bmp', bytes: ascii('BM'), read: sniffBmp },
];

const EXTENSIONS: Record<ImageFormat, readonly string[]> = {
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jfif', 'jpe'],
  gif: ['gif'],
  webp: ['webp'],
  bmp: ['bmp', 'dib'],
};

/** Bytes examined when deciding whether an unknown file is text. */
const TEXT_PROBE_BYTES = 512;

/**
 * @param bytes the whole file, or at least its first few kB (headers only are read; a JPEG's
 *   EXIF block can be up to 64 kB, so pass 128 kB if slicing).
 * @param name file name, used for messages and the extension check only.
 * @param limits declared-size limits (defaults: 8192×8192, 40 MP).
 * @returns never throws.
 */
export function sniffImage(
  bytes: Uint8Array, name: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): SniffResult {
  const fail = (code: SniffErrorCode, reason: string, format?: ImageFormat): SniffFail =>
    format ? { ok: false, name, code, reason, format } : { ok: false, name, code, reason };
  if (bytes.length === 0) return fail('EMPTY', 'file is empty (0 bytes)');
  const magic = matchMagic(bytes);
  if (magic === 'truncated') return fail('TRUNCATED', `file is only ${bytes.length} bytes: too short for an image header`);
  if (!magic) return classifyUnknown(bytes, fail);
  const header = magic.read(bytes);
  if (isHeaderProblem(header)) return fail(header.problem, header.reason, magic.format);
  const { width, height } = header;
  if (width === 0 || height === 0) return fail('ZERO_SIZE', `declared size is ${width}×${height}`, magic.format);
  if (width > limits.maxWidth || height > limits.maxHeight || width * height > limits.maxPixels) {
    return fail(
      'TOO_LARGE',
      `declared size ${width}×${height} (${(width * height / 1e6).toFixed(1)} MP) exceeds the limit of ` +
        `${limits.maxWidth}×${limits.maxHeight} and ${(limits.maxPixels / 1e6).toFixed(1)} MP`,
      magic.format,
    );
  }
  const ext = extensionOf(name);
  return { ...header, ok: true, name, byteLength: bytes.length, extensionMatches: EXTENSIONS[header.format].includes(ext) };
}

/** Lower-case extension without the dot, '' when there is none. */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function matchMagic(b: Uint8Array): Magic | 'truncated' | null {
  if (hasAscii(b, 0, 'RIFF') && hasAscii(b, 8, 'WEBP')) return { format: 'webp', bytes: [], read: sniffWebp };
  let prefixOfMagic = false;
  for (const m of MAGICS) {
    const n = Math.min(b.length, m.bytes.length);
    let same = true;
    for (let i = 0; i < n && same; i++) same = b[i] === m.bytes[i];
    if (same && b.length >= m.bytes.length) return m;
    if (same) prefixOfMagic = true;
  }
  if (hasAscii(b, 0, 'RIFF') && b.length < 12) return 'truncated';
  return prefixOfMagic ? 'truncated' : null;
}

/** Names formats we recognise but do not load, else tells text from unknown binary. */
function classifyUnknown(
  b: Uint8Array, fail: (code: SniffErrorCode, reason: string) => SniffFail,
): SniffFail {
  const other = otherFormat(b);
  if (other) return fail('UNSUPPORTED_FORMAT', `${other} is not supported (use PNG, JPEG, GIF, WebP or BMP)`);
  if (hasAscii(b, 0, '\x89PNG')) {
    // The classic symptom of an FTP/text-mode transfer that rewrote \r\n.
    return fail('BAD_HEADER', 'PNG signature is damaged (line endings converted by a text-mode transfer?)');
  }
  if (looksLikeText(b)) return fail('NOT_AN_IMAGE', 'file is text, not an image');
  return fail('UNKNOWN_FORMAT', 'not a recognised image format (no PNG, JPEG, GIF, WebP or BMP signature)');
}

function otherFormat(b: Uint8Array): string | null {
  if ((hasAscii(b, 0, 'II') && b[2] === 42 && b[3] === 0) || (hasAscii(b, 0, 'MM') && b[2] === 0 && b[3] === 42)) return 'TIFF';
  if (hasAscii(b, 4, 'ftyp')) {
    if (hasAscii(b, 8, 'avif') || hasAscii(b, 8, 'avis')) return 'AVIF';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].some((brand) => hasAscii(b, 8, brand))) return 'HEIF/HEIC';
    return 'ISO media (MP4/MOV)';
  }
  if (b[0] === 0xff && b[1] === 0x0a) return 'JPEG XL';
  if (hasAscii(b, 4, 'JXL ')) return 'JPEG XL';
  if (hasAscii(b, 0, 'qoif')) return 'QOI';
  if (hasAscii(b, 0, '8BPS')) return 'Photoshop PSD';
  if (hasAscii(b, 0, '%PDF')) return 'PDF';
  if (hasAscii(b, 0, 'PK\x03\x04') || hasAscii(b, 0, 'PK\x05\x06')) return 'a zip archive';
  if (b.length >= 6 && b[0] === 0 && b[1] === 0 && (b[2] === 1 || b[2] === 2) && b[3] === 0 && b[4] > 0) return 'ICO/CUR';
  if (hasAscii(b, 0, 'RIFF')) return 'RIFF (not WebP)';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, TEXT_PROBE_BYTES)).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)) return 'SVG';
  return null;
}

/** Valid UTF-8 without NUL or other C0 controls except tab/newline/CR/form feed. */
function looksLikeText(b: Uint8Array): boolean {
  const probe = b.subarray(0, TEXT_PROBE_BYTES);
  for (const c of probe) if (c === 0 || (c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0x7f) return false;
  try {
    // A multi-byte character may be cut at the probe's end: `stream: true` tolerates that.
    new TextDecoder('utf-8', { fatal: true }).decode(probe, { stream: true });
    return true;
  } catch {
    return false;
  }
}
