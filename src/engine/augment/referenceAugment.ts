/**
 * @file Plain-JS reference of every `digiface-augment` stage, written directly from the definitions
 * (loops, float64 maths, float32 storage between stages) to check the ONNX graph against. Images are
 * float32 [3, H, W] (RGB, row-major, the [1, 3, H, W] tensor without the batch) in [0, 1]. Each stage
 * returns a new image clipped to [0, 1], as torchvision's colour ops clamp after each step.
 */
import type { AugmentParams } from './augmentControls';
import {
  dctMatrix,
  GAUSSIAN_BLUR_RADIUS,
  JPEG_BLOCK,
  JPEG_CHROMA_GAIN,
  JPEG_CUTOFF_AT_ZERO,
  JPEG_CUTOFF_SLOPE,
  LUMA_WEIGHTS,
  MAX_DOWNSAMPLE_FACTOR,
  MIN_SIGMA,
  MOTION_BLUR_RADIUS,
  MOTION_CROSS_SIGMA,
  MOTION_SIGMA_PER_LENGTH,
  RGB_TO_YCBCR,
  YCBCR_TO_RGB,
} from './augmentConstants';

/** A float32 [3, height, width] RGB image. */
export interface RgbImage {
  data: Float32Array;
  height: number;
  width: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const clampIndex = (i: number, n: number) => (i < 0 ? 0 : i >= n ? n - 1 : i);

function mapPixels(img: RgbImage, fn: (rgb: [number, number, number]) => [number, number, number]): RgbImage {
  const { height: H, width: W, data } = img;
  const n = H * W;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const rgb = fn([data[i], data[n + i], data[2 * n + i]]);
    for (let c = 0; c < 3; c++) out[c * n + i] = clamp(rgb[c], 0, 1);
  }
  return { data: out, height: H, width: W };
}

function luma(r: number, g: number, b: number): number {
  return LUMA_WEIGHTS[0] * r + LUMA_WEIGHTS[1] * g + LUMA_WEIGHTS[2] * b;
}

/** Normalised 1-D Gaussian over offsets −radius..radius (σ floored at MIN_SIGMA). */
export function gaussianKernel1d(sigma: number, radius = GAUSSIAN_BLUR_RADIUS): Float64Array {
  const s = Math.max(sigma, MIN_SIGMA);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * s * s));
  return k.map((v) => v / sum);
}

/**
 * Normalised (2r+1)² anisotropic Gaussian, row-major [dy][dx]: σ_along = length/4 along the direction
 * (angle in degrees, 0 = +x, 90 = +y i.e. down), σ_across = min(σ_along, 0.5).
 */
export function motionBlurKernel(length: number, angleDeg: number, radius = MOTION_BLUR_RADIUS): Float64Array {
  const sa = Math.max(length * MOTION_SIGMA_PER_LENGTH, MIN_SIGMA);
  const sc = Math.min(sa, MOTION_CROSS_SIGMA);
  const t = (angleDeg * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const K = 2 * radius + 1;
  const k = new Float64Array(K * K);
  let sum = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const u = dx * c + dy * s;
      const v = dy * c - dx * s;
      sum += k[(dy + radius) * K + dx + radius] = Math.exp(-0.5 * ((u * u) / (sa * sa) + (v * v) / (sc * sc)));
    }
  }
  return k.map((v) => v / sum);
}

/** 2-D correlation of each channel with a (2r+1)² kernel, edges replicated. */
function correlate2d(img: RgbImage, kernel: Float64Array, radius: number): RgbImage {
  const { height: H, width: W, data } = img;
  const K = 2 * radius + 1;
  const out = new Float32Array(data.length);
  for (let c = 0; c < 3; c++) {
    const base = c * H * W;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let acc = 0;
        for (let dy = -radius; dy <= radius; dy++) {
          const row = base + clampIndex(y + dy, H) * W;
          for (let dx = -radius; dx <= radius; dx++) acc += kernel[(dy + radius) * K + dx + radius] * data[row + clampIndex(x + dx, W)];
        }
        out[base + y * W + x] = clamp(acc, 0, 1);
      }
    }
  }
  return { data: out, height: H, width: W };
}

/** Stage 1: isotropic Gaussian blur (separable, horizontal then vertical, edges replicated). */
export function gaussianBlur(img: RgbImage, sigma: number): RgbImage {
  const r = GAUSSIAN_BLUR_RADIUS;
  const k = gaussianKernel1d(sigma, r);
  const { height: H, width: W, data } = img;
  const tmp = new Float64Array(data.length);
  const out = new Float32Array(data.length);
  for (let c = 0; c < 3; c++) {
    const base = c * H * W;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        let acc = 0;
        for (let i = -r; i <= r; i++) acc += k[i + r] * data[base + y * W + clampIndex(x + i, W)];
        tmp[base + y * W + x] = acc;
      }
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        let acc = 0;
        for (let j = -r; j <= r; j++) acc += k[j + r] * tmp[base + clampIndex(y + j, H) * W + x];
        out[base + y * W + x] = clamp(acc, 0, 1);
      }
  }
  return { data: out, height: H, width: W };
}

/** Stage 2: additive Gaussian noise, `noise` being N(0, 1) of the same [3, H, W] shape. */
export function addGaussianNoise(img: RgbImage, noise: Float32Array, std: number): RgbImage {
  if (noise.length !== img.data.length) throw new RangeError(`noise has ${noise.length} values, image ${img.data.length}`);
  return { ...img, data: img.data.map((v, i) => clamp(v + std * noise[i], 0, 1)) };
}

/** Stage 3: motion blur with {@link motionBlurKernel}. */
export function motionBlur(img: RgbImage, length: number, angleDeg: number): RgbImage {
  return correlate2d(img, motionBlurKernel(length, angleDeg), MOTION_BLUR_RADIUS);
}

/** Stage 4: x · (1 + brightness). */
export function adjustBrightness(img: RgbImage, brightness: number): RgbImage {
  const f = 1 + brightness;
  return mapPixels(img, ([r, g, b]) => [r * f, g * f, b * f]);
}

/** Stage 5: blend with the image's mean luma, factor 1 + contrast (torchvision adjust_contrast). */
export function adjustContrast(img: RgbImage, contrast: number): RgbImage {
  const n = img.height * img.width;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += luma(img.data[i], img.data[n + i], img.data[2 * n + i]);
  const mean = sum / n;
  const f = 1 + contrast;
  return mapPixels(img, ([r, g, b]) => [f * r + (1 - f) * mean, f * g + (1 - f) * mean, f * b + (1 - f) * mean]);
}

/**
 * Rodrigues rotation by `deg` about the grey axis (1, 1, 1)/√3, row-major 3×3: a linear hue shift that
 * keeps greys grey (an approximation of torchvision's HSV hue shift that needs no branches in the graph).
 */
export function hueRotationMatrix(deg: number): number[][] {
  const t = (deg * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const q = 1 / Math.sqrt(3);
  const cross = [
    [0, -q, q],
    [q, 0, -q],
    [-q, q, 0],
  ];
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? c : 0) + s * cross[i][j] + (1 - c) / 3));
}

/** Stage 6: hue rotation by {@link hueRotationMatrix}. */
export function rotateHue(img: RgbImage, deg: number): RgbImage {
  const m = hueRotationMatrix(deg);
  return mapPixels(img, (p) => [0, 1, 2].map((i) => m[i][0] * p[0] + m[i][1] * p[1] + m[i][2] * p[2]) as [number, number, number]);
}

/** Stage 7: blend with the pixel's luma, factor 1 + saturation (torchvision adjust_saturation). */
export function adjustSaturation(img: RgbImage, saturation: number): RgbImage {
  const f = 1 + saturation;
  return mapPixels(img, ([r, g, b]) => {
    const y = luma(r, g, b);
    return [f * r + (1 - f) * y, f * g + (1 - f) * y, f * b + (1 - f) * y];
  });
}

/** Stage 8: mix towards the pixel's luma by `amount` clipped to [0, 1]. */
export function mixGrayscale(img: RgbImage, amount: number): RgbImage {
  const a = clamp(amount, 0, 1);
  return mapPixels(img, ([r, g, b]) => {
    const y = luma(r, g, b);
    return [(1 - a) * r + a * y, (1 - a) * g + a * y, (1 - a) * b + a * y];
  });
}

/**
 * Bilinear resize as ONNX Resize (mode linear, half_pixel) computes it: source coordinate
 * (x + 0.5) / scale − 0.5, clamped to the image, with the given per-axis scales.
 */
function resizeBilinear(img: RgbImage, outH: number, outW: number, scaleH: number, scaleW: number): RgbImage {
  const { height: H, width: W, data } = img;
  const out = new Float32Array(3 * outH * outW);
  const axis = (o: number, scale: number, n: number) => {
    const src = clamp((o + 0.5) / scale - 0.5, 0, n - 1);
    const i0 = Math.floor(src);
    return { i0, i1: Math.min(i0 + 1, n - 1), w: src - i0 };
  };
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < outH; y++) {
      const ay = axis(y, scaleH, H);
      for (let x = 0; x < outW; x++) {
        const ax = axis(x, scaleW, W);
        const p = (yy: number, xx: number) => data[c * H * W + yy * W + xx];
        const top = p(ay.i0, ax.i0) * (1 - ax.w) + p(ay.i0, ax.i1) * ax.w;
        const bottom = p(ay.i1, ax.i0) * (1 - ax.w) + p(ay.i1, ax.i1) * ax.w;
        out[c * outH * outW + y * outW + x] = top * (1 - ay.w) + bottom * ay.w;
      }
    }
  return { data: out, height: outH, width: outW };
}

/**
 * Stage 9: bilinear down by `factor` (clamped to [1, 8]) to floor(n · scale) per side (scale 1/factor in
 * float32), then bilinear up to the original size. Both resizes are to explicit sizes, so each maps
 * coordinates with scale = output size / input size (ONNX Resize given `sizes`).
 */
export function downUpSample(img: RgbImage, factor: number): RgbImage {
  const f32 = Math.fround;
  const scale = f32(1 / f32(clamp(factor, 1, MAX_DOWNSAMPLE_FACTOR)));
  const h = Math.floor(f32(scale * img.height));
  const w = Math.floor(f32(scale * img.width));
  const small = resizeBilinear(img, h, w, h / img.height, w / img.width);
  const back = resizeBilinear(small, img.height, img.width, img.height / h, img.width / w);
  return { ...back, data: back.data.map((v) => clamp(v, 0, 1)) };
}

/** Weight of DCT coefficient (u, v) at a given blocking strength: clip(15 − 14·s − (u + v), 0, 1). */
export function jpegCoefficientWeight(u: number, v: number, strength: number): number {
  return clamp(JPEG_CUTOFF_AT_ZERO - JPEG_CUTOFF_SLOPE * strength - (u + v), 0, 1);
}

/**
 * Stage 10: JPEG-like blocking. RGB → YCbCr; per 8×8 block (edges replicated past the border) a 2-D
 * DCT, coefficient weights from {@link jpegCoefficientWeight} (chroma at min(1, 1.5·s)), inverse DCT;
 * YCbCr → RGB.
 */
export function jpegBlocking(img: RgbImage, strength: number): RgbImage {
  const { height: H, width: W, data } = img;
  const n = H * W;
  const B = JPEG_BLOCK;
  const D = dctMatrix(B);
  const s = clamp(strength, 0, 1);
  const strengths = [s, Math.min(1, JPEG_CHROMA_GAIN * s), Math.min(1, JPEG_CHROMA_GAIN * s)];
  const ycc = new Float64Array(3 * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++) ycc[k * n + i] = RGB_TO_YCBCR[k][0] * data[i] + RGB_TO_YCBCR[k][1] * data[n + i] + RGB_TO_YCBCR[k][2] * data[2 * n + i];
  const out = new Float64Array(3 * n);
  const block = new Float64Array(B * B);
  const coef = new Float64Array(B * B);
  for (let k = 0; k < 3; k++) {
    const weights = Array.from({ length: B * B }, (_, i) => jpegCoefficientWeight(Math.floor(i / B), i % B, strengths[k]));
    for (let by = 0; by < H; by += B)
      for (let bx = 0; bx < W; bx += B) {
        for (let y = 0; y < B; y++)
          for (let x = 0; x < B; x++) block[y * B + x] = ycc[k * n + clampIndex(by + y, H) * W + clampIndex(bx + x, W)];
        for (let u = 0; u < B; u++)
          for (let v = 0; v < B; v++) {
            let acc = 0;
            for (let y = 0; y < B; y++) for (let x = 0; x < B; x++) acc += D[u * B + y] * D[v * B + x] * block[y * B + x];
            coef[u * B + v] = acc * weights[u * B + v];
          }
        for (let y = 0; y < B && by + y < H; y++)
          for (let x = 0; x < B && bx + x < W; x++) {
            let acc = 0;
            for (let u = 0; u < B; u++) for (let v = 0; v < B; v++) acc += D[u * B + y] * D[v * B + x] * coef[u * B + v];
            out[k * n + (by + y) * W + bx + x] = acc;
          }
      }
  }
  const rgb = new Float32Array(3 * n);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++) rgb[c * n + i] = clamp(YCBCR_TO_RGB[c][0] * out[i] + YCBCR_TO_RGB[c][1] * out[n + i] + YCBCR_TO_RGB[c][2] * out[2 * n + i], 0, 1);
  return { data: rgb, height: H, width: W };
}

/**
 * All stages in DigiFace-1M's order (blur, noise, motion blur, brightness, contrast, hue, saturation,
 * grayscale, down-then-up sampling, JPEG). The input is clipped to [0, 1] first, like the graph.
 */
export function referenceAugment(img: RgbImage, noise: Float32Array, p: AugmentParams): RgbImage {
  let x: RgbImage = { ...img, data: img.data.map((v) => clamp(v, 0, 1)) };
  x = gaussianBlur(x, p.blur_sigma);
  x = addGaussianNoise(x, noise, p.noise_std);
  x = motionBlur(x, p.motion_blur_length, p.motion_blur_angle);
  x = adjustBrightness(x, p.brightness);
  x = adjustContrast(x, p.contrast);
  x = rotateHue(x, p.hue);
  x = adjustSaturation(x, p.saturation);
  x = mixGrayscale(x, p.grayscale);
  x = downUpSample(x, p.downsample_factor);
  return jpegBlocking(x, p.jpeg_blocking);
}
