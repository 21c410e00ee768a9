/** @file Export paths in the DigiFace-1M layout: `<identity>/<n>.png` (method.md §e). */
import { sanitizePathSegment } from './sanitizePathSegment';

/**
 * @param identity any identity name; sanitised into one safe folder name.
 * @param index image number within the identity (non-negative integer).
 * @throws RangeError on a negative or fractional index.
 */
export function digifaceExportPath(identity: string, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`image index must be a non-negative integer, got ${index}`);
  }
  return `${sanitizePathSegment(identity)}/${index}.png`;
}
