/**
 * @file Types shared by the image sniffers: what each format's header tells us (read without
 * decoding pixels), the size limits that guard against decompression bombs, and the stable
 * failure codes shown to the user per file.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** Stable codes for per-file rejections (UI help keys, tests). */
export type SniffErrorCode =
  | 'EMPTY' // zero bytes
  | 'NOT_AN_IMAGE' // e.g. a text file renamed to .png
  | 'UNSUPPORTED_FORMAT' // a known image/container format we do not load (TIFF, HEIC, AVIF, ICO, …)
  | 'UNKNOWN_FORMAT' // no known magic bytes
  | 'TRUNCATED' // header ends before width/height could be read
  | 'BAD_HEADER' // header present but inconsistent (bad IHDR CRC, invalid bit depth, …)
  | 'TOO_LARGE' // declared size over the limits (decompression-bomb guard)
  | 'ZERO_SIZE'; // declared 0 width or height

/**
 * Limits on the *declared* size, checked before any pixel is decoded. A 30000×30000 RGBA image
 * needs 3.6 GB once decoded, although its PNG can be a few kB.
 */
export interface ImageLimits {
  readonly maxWidth: number;
  readonly maxHeight: number;
  /** width × height. */
  readonly maxPixels: number;
}

/** 8192 is the largest texture side every WebGPU adapter supports (maxTextureDimension2D). */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxWidth: 8192, maxHeight: 8192, maxPixels: 40_000_000 };

interface HeaderBase {
  /** Stored pixel size, before any EXIF orientation. */
  readonly width: number;
  readonly height: number;
}

export type PngColorType = 'grayscale' | 'rgb' | 'palette' | 'grayscale-alpha' | 'rgba';

export interface PngHeader extends HeaderBase {
  readonly format: 'png';
  readonly bitDepth: 1 | 2 | 4 | 8 | 16;
  readonly colorType: PngColorType;
  readonly interlaced: boolean;
  /** APNG: an `acTL` chunk precedes the first `IDAT`. */
  readonly animated: boolean;
}

/** EXIF orientation tag 0x0112: 1 = as stored; 2–8 = mirror/rotate (see applyExifOrientation). */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface JpegHeader extends HeaderBase {
  readonly format: 'jpeg';
  readonly components: number;
  /** 4 components: CMYK or YCCK — browsers handle it, some decoders do not. */
  readonly cmyk: boolean;
  /** APP14 "Adobe" segment present; `adobeTransform` 0 = none (RGB/CMYK), 1 = YCbCr, 2 = YCCK. */
  readonly adobe: boolean;
  readonly adobeTransform: number | null;
  readonly progressive: boolean;
  readonly orientation: ExifOrientation;
  /** Size as displayed, after EXIF orientation (width/height swapped for orientations 5–8). */
  readonly displayWidth: number;
  readonly displayHeight: number;
}

export interface GifHeader extends HeaderBase {
  readonly format: 'gif';
  /** More than one image descriptor, or a NETSCAPE2.0 looping extension. */
  readonly animated: boolean;
}

export interface WebpHeader extends HeaderBase {
  readonly format: 'webp';
  readonly encoding: 'lossy' | 'lossless' | 'extended';
  readonly animated: boolean;
  readonly alpha: boolean;
}

export interface BmpHeader extends HeaderBase {
  readonly format: 'bmp';
  readonly bitsPerPixel: number;
  /** Rows stored top-down (negative height in the header). */
  readonly topDown: boolean;
}

export type ImageHeader = PngHeader | JpegHeader | GifHeader | WebpHeader | BmpHeader;

/** A format reader's complaint; sniffImage adds the file name. */
export interface HeaderProblem {
  readonly problem: SniffErrorCode;
  readonly reason: string;
}

export function headerProblem(problem: SniffErrorCode, reason: string): HeaderProblem {
  return { problem, reason };
}

export function isHeaderProblem(x: ImageHeader | HeaderProblem): x is HeaderProblem {
  return 'problem' in x;
}
