/**
 * Difference image for the compare view: |after − before| per RGB channel, multiplied so that the small changes a
 * realism model makes become visible. Works on anything shaped like ImageData so it runs (and is tested) in node.
 */

/** The fields of `ImageData` this module needs (RGBA, 4 bytes per pixel, row-major). */
export interface PixelsLike {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** Summary of a difference, in 0–255 channel units before amplification. */
export interface DifferenceStats {
  /** Mean of |Δ| over all RGB channel samples. */
  meanAbs: number;
  /** Largest |Δ| of any channel. */
  maxAbs: number;
  /** Fraction of pixels where any channel differs by more than the threshold given. */
  changedFraction: number;
}

/** Amplifications offered by the UI; ×4 is the default. */
export const AMPLIFICATIONS = [1, 2, 4, 8, 16, 32] as const;
export const DEFAULT_AMPLIFICATION = 4;

function checkSameSize(a: PixelsLike, b: PixelsLike): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`difference needs equal sizes, got ${a.width}×${a.height} and ${b.width}×${b.height}`);
  }
  const n = a.width * a.height * 4;
  if (a.data.length < n || b.data.length < n) throw new RangeError('pixel data is shorter than width × height × 4');
}

/**
 * Per-channel |after − before| × amplification, clamped to 255, with opaque alpha (the source alpha is ignored:
 * faces are opaque, and a transparent difference would hide exactly the pixels that changed least).
 * @param out optional buffer to reuse across amplification changes; must hold width × height × 4 bytes
 */
export function computeDifference(before: PixelsLike, after: PixelsLike, amplification = DEFAULT_AMPLIFICATION, out?: Uint8ClampedArray): { data: Uint8ClampedArray; width: number; height: number } {
  checkSameSize(before, after);
  if (!(amplification > 0) || !Number.isFinite(amplification)) throw new RangeError(`amplification must be a positive number, got ${amplification}`);
  const { width, height } = before;
  const n = width * height * 4;
  const data = out && out.length === n ? out : new Uint8ClampedArray(n);
  const a = before.data;
  const b = after.data;
  for (let i = 0; i < n; i += 4) {
    // Uint8ClampedArray rounds and clamps on store, so no explicit Math.min/round is needed.
    data[i] = Math.abs(b[i] - a[i]) * amplification;
    data[i + 1] = Math.abs(b[i + 1] - a[i + 1]) * amplification;
    data[i + 2] = Math.abs(b[i + 2] - a[i + 2]) * amplification;
    data[i + 3] = 255;
  }
  return { data, width, height };
}

/** Statistics of the unamplified RGB difference; `threshold` decides what counts as a changed pixel. */
export function differenceStats(before: PixelsLike, after: PixelsLike, threshold = 8): DifferenceStats {
  checkSameSize(before, after);
  const pixels = before.width * before.height;
  if (pixels === 0) return { meanAbs: 0, maxAbs: 0, changedFraction: 0 };
  const a = before.data;
  const b = after.data;
  let sum = 0;
  let max = 0;
  let changed = 0;
  for (let i = 0; i < pixels * 4; i += 4) {
    const dr = Math.abs(b[i] - a[i]);
    const dg = Math.abs(b[i + 1] - a[i + 1]);
    const db = Math.abs(b[i + 2] - a[i + 2]);
    sum += dr + dg + db;
    const m = Math.max(dr, dg, db);
    if (m > max) max = m;
    if (m > threshold) changed++;
  }
  return { meanAbs: sum / (pixels * 3), maxAbs: max, changedFraction: changed / pixels };
}
