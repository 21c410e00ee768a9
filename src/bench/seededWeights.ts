/**
 * @file Deterministic random weights for exactly the tensors a graph builder consumes: the builder is
 * run once against an empty source, and its WeightMismatchError lists every expected name and shape.
 * Scaled like a trained network (fan-in init, norm scales ≈ 1) so activations stay finite through
 * dozens of layers — the bench measures speed, but a NaN-filled run would not be a real workload.
 */
import { WeightMismatchError } from '../onnx/diffusers/weightReader';
import { mapWeightSource, type WeightSource, type WeightTensor } from '../onnx/diffusers/weightSource';
import { nextUint32, seedXoshiro128 } from '../engine/random';

/** `n` uniform values in [-scale, scale] from a seeded xoshiro128** stream. */
export function seededUniform(n: number, seed: number, scale: number): Float32Array {
  const st = seedXoshiro128(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (nextUint32(st) / 2 ** 32 - 0.5) * 2 * scale;
  return out;
}

/** Weights for `build`'s expected tensors, reproducible from their order (builders are deterministic). */
export function seededWeightsFor(build: (w: WeightSource) => unknown, label: string): WeightSource {
  let expected;
  try {
    build(mapWeightSource(new Map(), label));
    throw new Error(`${label}: the builder consumed no weights`);
  } catch (e) {
    if (!(e instanceof WeightMismatchError)) throw e;
    expected = e.missing;
  }
  const tensors = new Map<string, WeightTensor>();
  expected.forEach(({ name, dims }, i) => tensors.set(name, { data: seededTensor(name, dims, 7919 * (i + 1)), dims }));
  return mapWeightSource(tensors, label);
}

/** One tensor: fan-in scaled for matrices and kernels; 1-D `*.weight` are norm scales around 1, biases small. */
export function seededTensor(name: string, dims: readonly number[], seed: number): Float32Array {
  const n = dims.reduce((a, b) => a * b, 1);
  const fanIn = dims.length > 1 ? n / dims[0] : 1;
  const data = seededUniform(n, seed, dims.length > 1 ? 1 / Math.sqrt(fanIn) : 0.05);
  if (dims.length === 1 && name.endsWith('.weight')) for (let j = 0; j < n; j++) data[j] += 1;
  return data;
}
