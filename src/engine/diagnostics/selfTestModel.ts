/**
 * The runtime self-test model: a small three-layer conv net whose weights follow a closed formula, so any
 * process (the app, a test, a bench) can recompute its output without reading the model file.
 *
 *   x [1,3,S,S] → Conv 3→C (3×3, pad 1) + b1 → Relu → Conv C→C (3×3, pad 1) + b2 → Relu → Conv C→3 (3×3, pad 1) + b3 → Sigmoid → y [1,3,S,S]
 */

export const SELF_TEST_SIZE = 64;
export const SELF_TEST_CHANNELS = 8;

export interface ConvLayer {
  weight: Float32Array; // [out, in, 3, 3]
  bias: Float32Array; // [out]
  inChannels: number;
  outChannels: number;
}

/** Weight formula: small, sign-varying, layer-dependent values; Math.sin is exact enough for float32. */
function layer(index: number, inChannels: number, outChannels: number): ConvLayer {
  const weight = new Float32Array(outChannels * inChannels * 9);
  const scale = 1 / Math.sqrt(inChannels * 9);
  for (let i = 0; i < weight.length; i++) weight[i] = Math.fround(Math.sin(0.37 * i + 1.3 * index) * scale);
  const bias = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) bias[o] = Math.fround(0.05 * Math.cos(0.7 * o + index));
  return { weight, bias, inChannels, outChannels };
}

export function selfTestLayers(channels = SELF_TEST_CHANNELS): ConvLayer[] {
  return [layer(0, 3, channels), layer(1, channels, channels), layer(2, channels, 3)];
}

/** The deterministic input the self-test feeds: a smooth pattern in [-1, 1]. */
export function selfTestInput(size = SELF_TEST_SIZE): Float32Array {
  const x = new Float32Array(3 * size * size);
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(Math.sin(0.011 * i) * Math.cos(0.003 * i));
  return x;
}
