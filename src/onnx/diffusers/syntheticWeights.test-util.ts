/**
 * @file Test helper: seeded random weights for exactly the tensors a graph builder asks for, found by
 * building once against an empty source and reading the WeightMismatchError's expected shapes.
 */
import { WeightMismatchError } from './weightReader';
import { mapWeightSource, type WeightSource, type WeightTensor } from './weightSource';

/** Seeded uniform values in [-scale, scale] (LCG; reproducible without Math.random). */
export function seededUniform(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

/** Weights for every tensor `build` consumes: norm weights ≈ 1, everything else small (stable activations). */
export function syntheticWeights(build: (w: WeightSource) => unknown, label = 'synthetic.safetensors'): WeightSource {
  let expected;
  try {
    build(mapWeightSource(new Map(), label));
    throw new Error('builder consumed no weights');
  } catch (e) {
    if (!(e instanceof WeightMismatchError)) throw e;
    expected = e.missing;
  }
  const tensors = new Map<string, WeightTensor>();
  expected.forEach(({ name, dims }, i) => {
    const n = dims.reduce((a, b) => a * b, 1);
    const fanIn = dims.length > 1 ? n / dims[0] : 1;
    const data = seededUniform(n, 1000 + i, dims.length > 1 ? 1 / Math.sqrt(fanIn) : 0.1);
    // 1-D "weight" tensors are GroupNorm/LayerNorm scales: centre them on 1 like a trained model.
    if (dims.length === 1 && name.endsWith('.weight')) data.forEach((v, j) => (data[j] = 1 + v));
    tensors.set(name, { data, dims });
  });
  return mapWeightSource(tensors, label);
}
