import { describe, expect, it } from 'vitest';
import type { FloatTensor, ModelRunner } from '../pipeline/modelRunner';
import { computeRealismOffset } from './computeRealismOffset';
import { RealismOffsetAccumulator } from './realismOffsetAccumulator';

const L = 77;
const H = 8; // token width; the fake encoder keeps C = H
const D = 6; // id vector length (≤ H: zero-padded into the placeholder row)
const PLACEHOLDER = 4;

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

const rnd = seeded(11);
const W = Array.from({ length: H * H }, () => rnd());
const promptTokenEmbeddings = Float32Array.from({ length: L * H }, () => rnd());
const uncondEmbedding = new Float32Array(L * H);

/** The fake τ: per token row, tanh(W·x + 0.01·t) — nonlinear, so the mean of τ ≠ τ of the mean. */
function tau64(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(L * H);
  for (let t = 0; t < L; t++)
    for (let j = 0; j < H; j++) {
      let s = 0.01 * t;
      for (let k = 0; k < H; k++) s += W[j * H + k] * x[t * H + k];
      out[t * H + j] = Math.tanh(s);
    }
  return out;
}

const runner: ModelRunner = {
  async run(component, feeds): Promise<Record<string, FloatTensor>> {
    if (component !== 'textEncoder') throw new Error(`unexpected ${component}`);
    return { last_hidden_state: { dims: [1, L, H], data: Float32Array.from(tau64(feeds.inputs_embeds.data)) } };
  },
};

/** Independent float64 reference: normalise e, write it (zero-padded) into the placeholder row, τ, average. */
function referenceDelta(real: Float32Array[], synth: Float32Array[], space: 'encoder-output' | 'id-vector'): Float64Array {
  const sample = (e: Float32Array): Float64Array => {
    const n = Math.hypot(...e);
    const u = Float64Array.from(e, (v) => v / n);
    if (space === 'id-vector') return u;
    const x = Float64Array.from(promptTokenEmbeddings);
    for (let k = 0; k < H; k++) x[PLACEHOLDER * H + k] = k < D ? u[k] : 0;
    return tau64(x);
  };
  const mean = (set: Float32Array[]) => {
    const m = sample(set[0]).map(() => 0);
    for (const e of set) sample(e).forEach((v, i) => (m[i] += v / set.length));
    return m;
  };
  const r = mean(real);
  const s = mean(synth);
  return r.map((v, i) => v - s[i]);
}

const vectors = (n: number, shift: number) => Array.from({ length: n }, () => Float32Array.from({ length: D }, () => rnd() + shift));

describe('computeRealismOffset', () => {
  const real = vectors(5, 0.3);
  const synth = vectors(3, -0.2);
  const encoder = { promptTokenEmbeddings, placeholderIndex: PLACEHOLDER, uncondEmbedding };

  it('encoder-output: Δ = mean τ(real) − mean τ(synthetic) on [77, C], as a float64 reference', async () => {
    const progress: number[] = [];
    const r = await computeRealismOffset({ real, synthetic: synth, space: 'encoder-output', encoder, runner, onProgress: (p) => progress.push(p.done) });
    expect(r.shape).toEqual([77, H]);
    expect(r.counts).toEqual({ real: 5, synthetic: 3 });
    const ref = referenceDelta(real, synth, 'encoder-output');
    let maxErr = 0;
    ref.forEach((v, i) => (maxErr = Math.max(maxErr, Math.abs(v - r.delta[i]))));
    expect(maxErr).toBeLessThan(1e-6);
    expect(Math.max(...ref.map(Math.abs))).toBeGreaterThan(0.01); // the sets really differ
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('id-vector: Δ = mean of unit real vectors − mean of unit synthetic vectors, no encoder run', async () => {
    const none: ModelRunner = { run: () => Promise.reject(new Error('no model should run')) };
    const r = await computeRealismOffset({ real, synthetic: synth, space: 'id-vector', encoder, runner: none });
    expect(r.shape).toEqual([D]);
    const ref = referenceDelta(real, synth, 'id-vector');
    ref.forEach((v, i) => expect(r.delta[i]).toBeCloseTo(v, 6));
  });

  it('refuses an empty set and stops when cancelled', async () => {
    await expect(computeRealismOffset({ real, synthetic: [], space: 'id-vector', encoder, runner })).rejects.toThrow(/each set \(real: 5, synthetic: 0\)/);
    const c = new AbortController();
    c.abort();
    await expect(computeRealismOffset({ real, synthetic: synth, space: 'id-vector', encoder, runner, signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('RealismOffsetAccumulator', () => {
  it('keeps float64 sums: a tiny difference survives a large common value', () => {
    const acc = new RealismOffsetAccumulator(1);
    for (let i = 0; i < 1000; i++) {
      acc.add('real', [1000 + 1e-3]);
      acc.add('synthetic', [1000]);
    }
    // float32 sums of 1000.001 would round to multiples of ~6e-5 per add and drift far more than this.
    expect(acc.delta()[0]).toBeCloseTo(1e-3, 6);
  });

  it('rejects samples of the wrong length or with NaN', () => {
    const acc = new RealismOffsetAccumulator(2);
    expect(() => acc.add('real', [1])).toThrow(/1 values, expected 2/);
    expect(() => acc.add('real', [1, NaN])).toThrow(/value 1 is NaN/);
    expect(acc.count('real')).toBe(0);
  });
});
