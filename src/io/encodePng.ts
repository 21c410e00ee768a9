/** @file RGBA8 → PNG bytes via fast-png (8-bit RGBA, non-interlaced). */
import { encode } from 'fast-png';

/**
 * @param rgba width × height × 4 bytes, straight alpha.
 * @throws RangeError on non-positive/non-integer sizes or a buffer of the wrong length.
 */
export function encodePng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`PNG size must be positive integers, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`RGBA buffer has ${rgba.length} bytes, expected ${width * height * 4} for ${width}×${height}`);
  }
  const data = rgba instanceof Uint8Array ? rgba : new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length);
  return encode({ width, height, data, depth: 8, channels: 4 });
}
