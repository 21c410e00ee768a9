/**
 * Interleaved raster images (HWC) used by the face code: 8-bit (decoded images, canvas `ImageData`)
 * and float32 (exact interpolation results).
 */

/** Channels per pixel: grey, grey+alpha, RGB (or BGR), RGBA. */
export type ChannelCount = 1 | 2 | 3 | 4;

/** 8-bit image, `data` length `height·width·channels`, row-major, channels interleaved. */
export interface ImageU8 {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
}

/** float32 image in the same layout as {@link ImageU8}, values on the 0..255 scale. */
export interface ImageF32 {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
}

/** Throws unless the raster's size fields agree with its buffer. */
export function assertRaster(image: ImageU8 | ImageF32, what: string): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${what}: width and height must be positive integers, got ${width}x${height}`);
  }
  if (![1, 2, 3, 4].includes(channels)) throw new Error(`${what}: channels must be 1, 2, 3 or 4, got ${channels}`);
  if (data.length !== width * height * channels) {
    throw new Error(`${what}: data length ${data.length} != ${height}*${width}*${channels}`);
  }
}
