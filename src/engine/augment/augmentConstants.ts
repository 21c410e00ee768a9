/**
 * @file Fixed numbers shared by the `digiface-augment` ONNX graph and its plain-JS reference, so both
 * describe the same operations. Sources: DigiFace-1M (Bae et al., WACV 2023) §3.3 lists the
 * augmentations but gives no magnitudes; the sizes below are ours, chosen for 112×112 aligned crops.
 */

/** Radius (px) of the fixed-size separable Gaussian blur kernel: 17 taps cover ±2.7σ at σ = 3 px. */
export const GAUSSIAN_BLUR_RADIUS = 8;

/** Radius (px) of the fixed-size 2-D motion-blur kernel (15×15 taps). */
export const MOTION_BLUR_RADIUS = 7;

/**
 * Motion blur is "Gaussian with anisotropic covariance along a random direction" (DigiFace §3.3).
 * We take the streak length as ±2σ along the direction: σ_along = length · this factor.
 */
export const MOTION_SIGMA_PER_LENGTH = 0.25;

/** σ across the motion direction (px): about one pixel footprint, capped by σ_along so length 0 is identity. */
export const MOTION_CROSS_SIGMA = 0.5;

/**
 * Floor for every Gaussian σ (px). With σ = 1e-3 the off-centre taps are exp(-5e5) = 0 in float32,
 * so a zero strength gives an exact identity kernel instead of 0/0.
 */
export const MIN_SIGMA = 1e-3;

/** ITU-R BT.601 luma weights as torchvision's rgb_to_grayscale uses them (grayscale, contrast, saturation). */
export const LUMA_WEIGHTS: readonly [number, number, number] = [0.2989, 0.587, 0.114];

/** Down-then-up sampling factor is clamped to [1, this] so the reduced image keeps at least a few pixels. */
export const MAX_DOWNSAMPLE_FACTOR = 8;

/** JPEG's block size (ITU-T T.81). */
export const JPEG_BLOCK = 8;

/**
 * JFIF RGB → YCbCr matrix (ITU-T T.871) without the +128 offsets: the DCT is linear and the DC term is
 * always kept, so offsets would cancel. The inverse is computed from this matrix in float64 (the
 * published 1.402 / 1.772 … coefficients are rounded and would break the all-zero identity by ~6e-7).
 */
export const RGB_TO_YCBCR: readonly (readonly [number, number, number])[] = [
  [0.299, 0.587, 0.114],
  [-0.168736, -0.331264, 0.5],
  [0.5, -0.418688, -0.081312],
];

/** Inverse of a 3×3 matrix (row-major), in float64. */
export function invert3x3(m: readonly (readonly number[])[]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (det === 0) throw new RangeError('matrix is singular');
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

/** YCbCr → RGB, the exact float64 inverse of {@link RGB_TO_YCBCR}. */
export const YCBCR_TO_RGB: readonly (readonly number[])[] = invert3x3(RGB_TO_YCBCR);

/**
 * JPEG-like blocking keeps DCT coefficients (u, v) of each 8×8 block with weight
 * clip(cutoff − (u + v), 0, 1), cutoff = 15 − 14·strength: strength 0 keeps all 64 (identity),
 * strength 1 keeps only the DC term (each block becomes its mean). u + v is the zig-zag diagonal,
 * the order in which JPEG's quantisation tables discard frequencies first.
 */
export const JPEG_CUTOFF_AT_ZERO = 15;
export const JPEG_CUTOFF_SLOPE = 14;

/** Chroma is degraded faster than luma, as JPEG's coarser chroma tables do: strength_C = min(1, gain · strength). */
export const JPEG_CHROMA_GAIN = 1.5;

/** Orthonormal 8-point DCT-II matrix D[u][y] = α(u) cos((2y + 1) u π / 16), row-major 8×8. */
export function dctMatrix(n = JPEG_BLOCK): Float64Array {
  const d = new Float64Array(n * n);
  for (let u = 0; u < n; u++) {
    const alpha = Math.sqrt((u === 0 ? 1 : 2) / n);
    for (let y = 0; y < n; y++) d[u * n + y] = alpha * Math.cos(((2 * y + 1) * u * Math.PI) / (2 * n));
  }
  return d;
}
