/**
 * @file The `digiface-augment` ONNX graph: DigiFace-1M's appearance augmentations (Bae et al., WACV 2023,
 * §3.3) as one parameterised opset-17 graph. Strengths are float32 [1] graph inputs, randomness comes only
 * from the `noise` input, and every data-dependent kernel (blur σ, motion length/angle, hue angle, JPEG
 * cutoff) is computed inside the graph from those scalars and fed to Conv as a runtime weight. Height and
 * width are free (symbolic) dimensions; images smaller than 8 px per side are not supported (the
 * down-then-up stage could shrink them to nothing). Only ops that onnxruntime-web's WASM and WebGPU kernels
 * compute alike (within ~1e-6) are used: Conv, ConvTranspose, Pad, Resize with explicit sizes, Clip,
 * element-wise maths, Floor, Cast, Reduce*, Reshape, Expand, Transpose, Slice, Shape, Concat, Exp. Three
 * ops are avoided on purpose because WebGPU disagrees with WASM on them (see the comments where they
 * would be): Sin/Cos, Min of runtime scalars, and Resize with `scales`. The plain-JS twin of every stage
 * is engine/augment/referenceAugment.ts.
 */
import { GraphBuilder } from '../../onnx/graphBuilder';
import { sinCosDegrees } from './digifaceAugmentTrig';
import { AUGMENT_INPUTS, type AugmentInput } from '../../engine/augment/augmentControls';
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
} from '../../engine/augment/augmentConstants';


/**
 * Every attribute spelled out: onnxruntime-web's WebGPU Conv kernel rejects a Conv whose dilations it has to
 * infer ("dilations should be 2D") when the weight is a runtime tensor.
 */
const CONV_1X1 = { kernel_shape: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0] };

/** Symbolic dimensions of `image`, `noise` and `augmented`: [1, 3, height, width]. */
export const DIGIFACE_AUGMENT_IMAGE_SHAPE: (number | string)[] = [1, 3, 'height', 'width'];

/** ONNX TensorProto.DataType code of int64, for Cast's `to`. */
const INT64 = 7;

/** Shared scalar constants and the per-image values several stages use. */
interface Ctx {
  g: GraphBuilder;
  zero: string;
  one: string;
  inputs: Record<AugmentInput, string>;
}

const clip01 = (c: Ctx, x: string) => c.g.node('Clip', [x, c.zero, c.one]);

/**
 * Clamps with Clip rather than Min/Max (an empty bound is open). onnxruntime-web 1.30's WebGPU kernels
 * got Min(sa, 0.5) → Mul(sc, sc) wrong: with sa = 1.5 the Min output read back as 0.5 but the Mul
 * after it gave 2.25 (= sa²) instead of 0.25; Clip computes the same clamp correctly on both backends.
 */
const clamp = (c: Ctx, x: string, lo: string, hi: string) => c.g.node('Clip', [x, lo, hi]);

/** Sum-normalised Exp(−e): a kernel whose weights add up to 1. */
function normalisedExp(c: Ctx, negExponent: string): string {
  const k = c.g.node('Exp', [negExponent]);
  return c.g.node('Div', [k, c.g.node('ReduceSum', [k], { keepdims: 1 })]);
}

/** Depthwise (group 3) Conv of an edge-padded image with a runtime [3, 1, kh, kw] kernel. */
function depthwise(c: Ctx, x: string, weight: string, kh: number, kw: number): string {
  return c.g.node('Conv', [x, weight], { group: 3, kernel_shape: [kh, kw], strides: [1, 1], dilations: [1, 1] });
}

function edgePad(c: Ctx, x: string, top: number, left: number, bottom: number, right: number): string {
  return c.g.node('Pad', [x, c.g.constI64('pads', [0, 0, top, left, 0, 0, bottom, right])], { mode: 'edge' });
}

/** 1. Gaussian blur: separable 17-tap kernel exp(−i²/2σ²), σ floored at MIN_SIGMA (so σ = 0 is identity). */
function gaussianBlur(c: Ctx, x: string): string {
  const { g } = c;
  return g.scope('gaussian_blur', () => {
    const r = GAUSSIAN_BLUR_RADIUS;
    const K = 2 * r + 1;
    const sigma = clamp(c, c.inputs.blur_sigma, g.scalarF32('min_sigma', MIN_SIGMA), '');
    const twoVar = g.node('Mul', [g.node('Mul', [sigma, sigma]), g.scalarF32('two', 2)]);
    const offsetsSq = g.constF32('offsets_sq', Array.from({ length: K }, (_, i) => (i - r) ** 2));
    const k = normalisedExp(c, g.node('Neg', [g.node('Div', [offsetsSq, twoVar])]));
    const wH = g.node('Expand', [g.node('Reshape', [k, g.constI64('row', [1, 1, 1, K])]), g.constI64('row3', [3, 1, 1, K])]);
    const wV = g.node('Expand', [g.node('Reshape', [k, g.constI64('col', [1, 1, K, 1])]), g.constI64('col3', [3, 1, K, 1])]);
    const h = depthwise(c, edgePad(c, x, r, r, r, r), wH, 1, K);
    return clip01(c, depthwise(c, h, wV, K, 1));
  });
}

/** 2. Gaussian noise: x + noise_std · noise (noise ~ N(0, 1) from the caller's seed). */
function gaussianNoise(c: Ctx, x: string, noise: string): string {
  return c.g.scope('gaussian_noise', () => clip01(c, c.g.node('Add', [x, c.g.node('Mul', [noise, c.inputs.noise_std])])));
}

/**
 * 3. Motion blur, "Gaussian with anisotropic covariance along a random direction" (DigiFace §3.3):
 * 15×15 kernel exp(−u²/2σa² − v²/2σc²), u along the angle, σa = length/4, σc = min(σa, 0.5).
 */
function motionBlur(c: Ctx, x: string): string {
  const { g } = c;
  return g.scope('motion_blur', () => {
    const r = MOTION_BLUR_RADIUS;
    const K = 2 * r + 1;
    const dx: number[] = [];
    const dy: number[] = [];
    for (let y = -r; y <= r; y++) for (let xx = -r; xx <= r; xx++) dx.push(xx), dy.push(y);
    const gx = g.constF32('dx', dx, [1, 1, K, K]);
    const gy = g.constF32('dy', dy, [1, 1, K, K]);
    const sa = clamp(c, g.node('Mul', [c.inputs.motion_blur_length, g.scalarF32('sigma_per_length', MOTION_SIGMA_PER_LENGTH)]), g.scalarF32('min_sigma', MIN_SIGMA), '');
    const sc = clamp(c, sa, '', g.scalarF32('cross_sigma', MOTION_CROSS_SIGMA));
    const { sin, cos } = sinCosDegrees(g, c.inputs.motion_blur_angle);
    const u = g.node('Add', [g.node('Mul', [gx, cos]), g.node('Mul', [gy, sin])]);
    const v = g.node('Sub', [g.node('Mul', [gy, cos]), g.node('Mul', [gx, sin])]);
    const sq = (a: string) => g.node('Mul', [a, a]);
    const e = g.node('Add', [g.node('Div', [sq(u), sq(sa)]), g.node('Div', [sq(v), sq(sc)])]);
    const k = normalisedExp(c, g.node('Mul', [e, g.scalarF32('minus_half', -0.5)]));
    const w = g.node('Expand', [k, g.constI64('shape3', [3, 1, K, K])]);
    return clip01(c, depthwise(c, edgePad(c, x, r, r, r, r), w, K, K));
  });
}

/** Luma [1, 1, H, W] with torchvision's rgb_to_grayscale weights. */
function luma(c: Ctx, x: string): string {
  return c.g.node('Conv', [x, c.g.constF32('luma_weights', [...LUMA_WEIGHTS], [1, 3, 1, 1])], CONV_1X1);
}

/** f · x + (1 − f) · other, f = 1 + strength (torchvision's _blend with factor 1 + strength). */
function blendTowards(c: Ctx, x: string, other: string, strength: string): string {
  const f = c.g.node('Add', [strength, c.one]);
  return clip01(c, c.g.node('Add', [c.g.node('Mul', [x, f]), c.g.node('Mul', [other, c.g.node('Sub', [c.one, f])])]));
}

/** 4–8. Brightness, contrast, hue, saturation, grayscale (DigiFace §3.3 colour jitter), clipped after each. */
function colour(c: Ctx, x0: string): string {
  const { g } = c;
  let x = g.scope('brightness', () => clip01(c, g.node('Mul', [x0, g.node('Add', [c.inputs.brightness, c.one])])));
  x = g.scope('contrast', () => {
    const mean = g.node('ReduceMean', [luma(c, x)], { axes: [1, 2, 3], keepdims: 1 });
    return blendTowards(c, x, mean, c.inputs.contrast);
  });
  x = g.scope('hue', () => {
    // Rodrigues rotation about the grey axis: M = cos·I + sin·[k]× + (1 − cos)·kkᵀ, k = (1, 1, 1)/√3.
    const { sin, cos } = sinCosDegrees(g, c.inputs.hue);
    const q = 1 / Math.sqrt(3);
    const eye = g.constF32('identity', [1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3, 1, 1]);
    const cross = g.constF32('cross', [0, -q, q, q, 0, -q, -q, q, 0], [3, 3, 1, 1]);
    const outer = g.constF32('outer', new Array(9).fill(1 / 3), [3, 3, 1, 1]);
    const m = g.node('Add', [
      g.node('Add', [g.node('Mul', [eye, cos]), g.node('Mul', [cross, sin])]),
      g.node('Mul', [outer, g.node('Sub', [c.one, cos])]),
    ]);
    return clip01(c, g.node('Conv', [x, m], CONV_1X1));
  });
  x = g.scope('saturation', () => blendTowards(c, x, luma(c, x), c.inputs.saturation));
  return g.scope('grayscale', () => {
    const a = g.node('Clip', [c.inputs.grayscale, c.zero, c.one]);
    return clip01(c, g.node('Add', [g.node('Mul', [x, g.node('Sub', [c.one, a])]), g.node('Mul', [luma(c, x), a])]));
  });
}

/**
 * 9. Down-then-up sampling: Resize linear (half_pixel, no anti-aliasing) to floor(n / factor) per side,
 * then back to H×W. The reduced size is computed in the graph and passed as `sizes`, not as `scales`:
 * given scales, onnxruntime-web's WebGPU Resize rounds n · scale (32 / 2.5 = 12.8 → 13) where ONNX and
 * its CPU kernel floor it (→ 12). With sizes, both map coordinates with scale = size / n.
 */
function downUpSample(c: Ctx, x: string): string {
  const { g } = c;
  return g.scope('down_up_sample', () => {
    const factor = g.node('Clip', [c.inputs.downsample_factor, c.one, g.scalarF32('max_factor', MAX_DOWNSAMPLE_FACTOR)]);
    const scale = g.node('Div', [c.one, factor]);
    const shape = g.node('Shape', [x]);
    const hw = g.node('Cast', [g.node('Slice', [shape, g.constI64('hw_start', [2]), g.constI64('hw_end', [4])])], { to: 1 });
    const smallHw = g.node('Cast', [g.node('Floor', [g.node('Mul', [hw, scale])])], { to: INT64 });
    const batchChannels = g.node('Slice', [shape, g.constI64('nc_start', [0]), g.constI64('nc_end', [2])]);
    const sizes = g.node('Concat', [batchChannels, smallHw], { axis: 0 });
    const small = g.node('Resize', [x, '', '', sizes], { mode: 'linear', coordinate_transformation_mode: 'half_pixel' });
    const back = g.node('Resize', [small, '', '', g.node('Shape', [x])], { mode: 'linear', coordinate_transformation_mode: 'half_pixel' });
    return clip01(c, back);
  });
}

/**
 * 10. JPEG-like blocking (DigiFace §3.3 uses real JPEG compression; this is a codec-free stand-in):
 * RGB → YCbCr, edge-pad to whole 8×8 blocks, blockwise DCT as a stride-8 Conv with the 64 DCT basis
 * images, weight coefficient (u, v) by clip(15 − 14·s − (u + v), 0, 1) (chroma s scaled by 1.5),
 * inverse DCT as a stride-8 ConvTranspose with the same basis, crop, YCbCr → RGB. Computed as
 * x − (what is removed), so strength 0 multiplies every coefficient by exactly 0 and returns x
 * bit-for-bit instead of carrying the DCT and colour round trip's ~1e-6 float32 error.
 */
function jpegBlocking(c: Ctx, x: string): string {
  const { g } = c;
  return g.scope('jpeg_blocking', () => {
    const B = JPEG_BLOCK;
    const d = g.constF32('dct', Array.from(dctMatrix(B)), [B, B]);
    // basis[u·8 + v, 0, y, x] = D[u][y] · D[v][x]: built from the 8×8 matrix so the model stays tiny.
    const outerProduct = g.node('Mul', [g.node('Reshape', [d, g.constI64('uy', [B, 1, B, 1])]), g.node('Reshape', [d, g.constI64('vx', [1, B, 1, B])])]);
    const basis = g.node('Reshape', [outerProduct, g.constI64('basis_shape', [B * B, 1, B, B])]);
    const diag = g.constF32('zigzag_diagonal', Array.from({ length: B * B }, (_, i) => Math.floor(i / B) + (i % B)), [1, B * B, 1, 1]);
    const s = g.node('Clip', [c.inputs.jpeg_blocking, c.zero, c.one]);
    const sChroma = clamp(c, g.node('Mul', [s, g.scalarF32('chroma_gain', JPEG_CHROMA_GAIN)]), '', c.one);
    const mask = (strength: string) => {
      const cutoff = g.node('Sub', [g.scalarF32('cutoff_at_zero', JPEG_CUTOFF_AT_ZERO), g.node('Mul', [strength, g.scalarF32('cutoff_slope', JPEG_CUTOFF_SLOPE)])]);
      return g.node('Clip', [g.node('Sub', [cutoff, diag]), c.zero, c.one]);
    };
    const maskC = mask(sChroma);
    const removed = g.node('Sub', [c.one, g.node('Concat', [mask(s), maskC, maskC], { axis: 0 })]);
    const ycc = g.node('Conv', [x, g.constF32('rgb_to_ycbcr', RGB_TO_YCBCR.flat(), [3, 3, 1, 1])], CONV_1X1);
    // Pad by B − 1 so Conv's floor((n + 7 − 8) / 8) + 1 = ceil(n / 8) blocks cover every pixel.
    const planes = g.node('Transpose', [edgePad(c, ycc, 0, 0, B - 1, B - 1)], { perm: [1, 0, 2, 3] });
    const coef = g.node('Conv', [planes, basis], { kernel_shape: [B, B], strides: [B, B], dilations: [1, 1] });
    const rec = g.node('ConvTranspose', [g.node('Mul', [coef, removed]), basis], { kernel_shape: [B, B], strides: [B, B] });
    const hw = g.node('Slice', [g.node('Shape', [x]), g.constI64('hw_start', [2]), g.constI64('hw_end', [4])]);
    const cropped = g.node('Slice', [g.node('Transpose', [rec], { perm: [1, 0, 2, 3] }), g.constI64('crop_start', [0, 0]), hw, g.constI64('crop_axes', [2, 3])]);
    const residual = g.node('Conv', [cropped, g.constF32('ycbcr_to_rgb', YCBCR_TO_RGB.flat(), [3, 3, 1, 1])], CONV_1X1);
    return clip01(c, g.node('Sub', [x, residual]));
  });
}

/**
 * Builds the model. Inputs: `image` float32 [1, 3, H, W] RGB in [0, 1]; `noise` float32 [1, 3, H, W]
 * N(0, 1); one float32 [1] per strength (see engine/augment/augmentControls.ts). Output: `augmented`
 * float32 [1, 3, H, W] in [0, 1]. Stages run in DigiFace-1M's order: Gaussian blur, Gaussian noise,
 * motion blur, brightness, contrast, hue, saturation, grayscale, down-then-up sampling, JPEG.
 */
export function buildDigifaceAugmentModel(): Uint8Array {
  const g = new GraphBuilder({ name: 'digiface_augment', docString: 'DigiFace-1M appearance augmentations (no learned weights)' });
  const image = g.input('image', 'float32', DIGIFACE_AUGMENT_IMAGE_SHAPE);
  const noise = g.input('noise', 'float32', DIGIFACE_AUGMENT_IMAGE_SHAPE);
  const inputs = Object.fromEntries(AUGMENT_INPUTS.map((n) => [n, g.input(n, 'float32', [1])])) as Record<AugmentInput, string>;
  const c: Ctx = { g, zero: g.scalarF32('zero', 0), one: g.scalarF32('one', 1), inputs };
  let x = clip01(c, image);
  x = gaussianBlur(c, x);
  x = gaussianNoise(c, x, noise);
  x = motionBlur(c, x);
  x = colour(c, x);
  x = downUpSample(c, x);
  x = jpegBlocking(c, x);
  g.output(x, 'float32', DIGIFACE_AUGMENT_IMAGE_SHAPE, 'augmented');
  return g.build();
}
