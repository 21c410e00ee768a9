/** buildConditioning with a fake text encoder whose output is an independent, simple function of its input. */
import { describe, expect, it } from 'vitest';
import { l2Normalize } from '../conditioning/l2Normalize';
import { buildConditioning, type BuildConditioningInput } from './buildConditioning';
import type { FloatTensor, ModelRunner } from './modelRunner';

const H = 8; // token width
const C = 6; // encoder output width
const D = 5; // id vector length (< H: zero padding)
const tokens = Float32Array.from({ length: 77 * H }, (_, i) => Math.sin(i * 0.37));
const uncondEmbedding = Float32Array.from({ length: 77 * C }, (_, i) => Math.cos(i * 0.11));
const id = Float32Array.from([3, -1, 2, 0.5, 4]);

/** last_hidden_state[r, j] = Σ_k inputs_embeds[r, k]·(k + 1) + 0.01·j — each row depends only on its own token row. */
function fakeEncoder(): ModelRunner & { seen: FloatTensor[] } {
  const seen: FloatTensor[] = [];
  return {
    seen,
    async run(component, feeds) {
      expect(component).toBe('textEncoder');
      const x = feeds.inputs_embeds;
      seen.push(x);
      const out = new Float32Array(77 * C);
      for (let r = 0; r < 77; r++) {
        let s = 0;
        for (let k = 0; k < H; k++) s += x.data[r * H + k] * (k + 1);
        for (let j = 0; j < C; j++) out[r * C + j] = s + 0.01 * j;
      }
      return { last_hidden_state: { dims: [1, 77, C], data: out } };
    },
  };
}

const input = (runner: ModelRunner, over: Partial<BuildConditioningInput> = {}): BuildConditioningInput =>
  ({ idVector: id, promptTokenEmbeddings: tokens, placeholderIndex: 4, uncondEmbedding, runner, ...over });

describe('buildConditioning', () => {
  it('writes the unit id vector, zero-padded, at the placeholder row only, and returns [1,77,C] cond/uncond', async () => {
    const runner = fakeEncoder();
    const c = await buildConditioning(input(runner));
    const fed = runner.seen[0];
    expect(fed.dims).toEqual([1, 77, H]);
    const unit = l2Normalize(id);
    expect(Array.from(fed.data.subarray(4 * H, 5 * H))).toEqual([...Array.from(unit), 0, 0, 0]);
    for (let r = 0; r < 77; r++) if (r !== 4) expect(fed.data.subarray(r * H, (r + 1) * H)).toEqual(tokens.subarray(r * H, (r + 1) * H));
    expect(c.cond.dims).toEqual([1, 77, C]);
    expect(c.uncond.dims).toEqual([1, 77, C]);
    expect(c.uncond.data).toEqual(uncondEmbedding);
    expect(c.injectedId).toEqual(unit);
    // Row 4 of the output is Σ unit_k·(k+1).
    const expected4 = unit.reduce((s, v, k) => s + v * (k + 1), 0);
    expect(c.cond.data[4 * C]).toBeCloseTo(expected4, 5);
  });

  it.each(['encoder-output', 'id-vector'] as const)('λ = 0 is the identity (%s)', async (space) => {
    const plain = await buildConditioning(input(fakeEncoder()));
    const delta = new Float32Array(space === 'id-vector' ? D : 77 * C).fill(0.3);
    const zero = await buildConditioning(input(fakeEncoder(), { realism: { delta, lambda: 0, space } }));
    expect(zero.cond.data).toEqual(plain.cond.data);
    expect(zero.injectedId).toEqual(plain.injectedId);
  });

  it('encoder-output: c\' = c + λΔ (per token, and one broadcast row)', async () => {
    const plain = await buildConditioning(input(fakeEncoder()));
    const delta = Float32Array.from({ length: 77 * C }, (_, i) => ((i % 7) - 3) * 0.05);
    for (const lambda of [0.5, 1, -2]) {
      const off = await buildConditioning(input(fakeEncoder(), { realism: { delta, lambda, space: 'encoder-output' } }));
      for (let i = 0; i < delta.length; i++) expect(off.cond.data[i] - plain.cond.data[i]).toBeCloseTo(lambda * delta[i], 5);
      expect(off.uncond.data).toEqual(uncondEmbedding); // uncond is never offset
    }
    const row = Float32Array.from({ length: C }, (_, j) => j * 0.1);
    const off = await buildConditioning(input(fakeEncoder(), { realism: { delta: row, lambda: 2, space: 'encoder-output' } }));
    for (let i = 0; i < 77 * C; i++) expect(off.cond.data[i] - plain.cond.data[i]).toBeCloseTo(2 * row[i % C], 5);
  });

  it('id-vector: injects normalize(unit(e) + λΔ)', async () => {
    const delta = Float32Array.from([0.2, 0.1, -0.3, 0, 0.05]);
    const runner = fakeEncoder();
    const c = await buildConditioning(input(runner, { realism: { delta, lambda: 0.7, space: 'id-vector' } }));
    const unit = l2Normalize(id);
    const expected = l2Normalize(unit.map((v, k) => v + 0.7 * delta[k]));
    for (let k = 0; k < D; k++) expect(runner.seen[0].data[4 * H + k]).toBeCloseTo(expected[k], 6);
    expect(Math.hypot(...c.injectedId)).toBeCloseTo(1, 6);
  });

  it('rejects an encoder output that does not match the uncond size, and bad token tables', async () => {
    const bad: ModelRunner = { run: async () => ({ last_hidden_state: { dims: [1, 77, C + 1], data: new Float32Array(77 * (C + 1)) } }) };
    await expect(buildConditioning(input(bad))).rejects.toThrow(/uncond/);
    await expect(buildConditioning(input(fakeEncoder(), { promptTokenEmbeddings: new Float32Array(76 * H) }))).rejects.toThrow(/77/);
  });
});
