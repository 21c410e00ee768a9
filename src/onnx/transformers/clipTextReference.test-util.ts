/**
 * @file Test-only float64 re-derivation of transformers' CLIPTextModel forward (one sequence), written
 * straight from modeling_clip.py v4.36 with loops — independent of the ONNX graph code — to check the
 * graph on configs the fixture does not cover (gelu variants, non-legacy EOS pooling, other sizes).
 */
import type { ClipTextConfig } from './clipTextConfig';
import type { WeightMap } from './clipTextWeights';

/** Deterministic uniform values in [-scale, scale) (LCG, enough for test weights). */
export function seededValues(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** Random CLIPTextModel weights with transformers' names for `config`. */
export function randomClipWeights(config: ClipTextConfig, seed = 1, prefix = 'text_model.'): Map<string, { shape: number[]; data: Float32Array }> {
  const { hidden_size: h, intermediate_size: m, vocab_size: v, max_position_embeddings: p } = config;
  const m2 = new Map<string, { shape: number[]; data: Float32Array }>();
  let k = seed;
  const add = (name: string, shape: number[], scale: number, offset = 0) => {
    const data = seededValues(shape.reduce((a, b) => a * b, 1), k++ * 7919, scale).map((x) => x + offset);
    m2.set(prefix + name, { shape, data });
  };
  add('embeddings.token_embedding.weight', [v, h], 1);
  add('embeddings.position_embedding.weight', [p, h], 0.5);
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const L = `encoder.layers.${l}.`;
    for (const proj of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) {
      add(`${L}self_attn.${proj}.weight`, [h, h], 0.6);
      add(`${L}self_attn.${proj}.bias`, [h], 0.2);
    }
    for (const ln of ['layer_norm1', 'layer_norm2']) {
      add(`${L}${ln}.weight`, [h], 0.2, 1);
      add(`${L}${ln}.bias`, [h], 0.2);
    }
    add(`${L}mlp.fc1.weight`, [m, h], 0.6);
    add(`${L}mlp.fc1.bias`, [m], 0.2);
    add(`${L}mlp.fc2.weight`, [h, m], 0.6);
    add(`${L}mlp.fc2.bias`, [h], 0.2);
  }
  add('final_layer_norm.weight', [h], 0.2, 1);
  add('final_layer_norm.bias', [h], 0.2);
  return m2;
}

/**
 * @param tokens token embeddings float [S × H] (already looked up / edited)
 * @param ids token ids [S] for pooling (omit to skip pooling)
 * @returns last_hidden_state [S × H] and pooler_output [H] in float64
 */
export function clipTextReference(config: ClipTextConfig, weights: WeightMap, tokens: ArrayLike<number>, ids?: ArrayLike<number>) {
  const H = config.hidden_size;
  const S = tokens.length / H;
  const nh = config.num_attention_heads;
  const d = H / nh;
  const pre = weights.has('text_model.embeddings.token_embedding.weight') ? 'text_model.' : '';
  const W = (n: string): Float32Array => {
    const t = weights.get(pre + n);
    if (!t) throw new Error(`reference: missing ${n}`);
    return t.data;
  };
  const linear = (x: Float64Array, rows: number, name: string, out: number, inp: number): Float64Array => {
    const w = W(`${name}.weight`);
    const b = W(`${name}.bias`);
    const y = new Float64Array(rows * out);
    for (let r = 0; r < rows; r++) for (let o = 0; o < out; o++) {
      let s = b[o];
      for (let i = 0; i < inp; i++) s += x[r * inp + i] * w[o * inp + i];
      y[r * out + o] = s;
    }
    return y;
  };
  const layerNorm = (x: Float64Array, name: string): Float64Array => {
    const g = W(`${name}.weight`);
    const b = W(`${name}.bias`);
    const y = new Float64Array(x.length);
    for (let r = 0; r < S; r++) {
      let mean = 0;
      for (let i = 0; i < H; i++) mean += x[r * H + i] / H;
      let v = 0;
      for (let i = 0; i < H; i++) v += (x[r * H + i] - mean) ** 2 / H;
      for (let i = 0; i < H; i++) y[r * H + i] = ((x[r * H + i] - mean) / Math.sqrt(v + config.layer_norm_eps)) * g[i] + b[i];
    }
    return y;
  };
  const act = (x: number): number => {
    switch (config.hidden_act) {
      case 'quick_gelu': return x / (1 + Math.exp(-1.702 * x));
      case 'gelu': return 0.5 * x * (1 + erf(x / Math.SQRT2));
      default: return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    }
  };

  const pos = W('embeddings.position_embedding.weight');
  let h = Float64Array.from(tokens, (t, i) => t + pos[i]);
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const L = `encoder.layers.${l}`;
    const x = layerNorm(h, `${L}.layer_norm1`);
    const q = linear(x, S, `${L}.self_attn.q_proj`, H, H).map((v) => v * d ** -0.5);
    const k = linear(x, S, `${L}.self_attn.k_proj`, H, H);
    const v = linear(x, S, `${L}.self_attn.v_proj`, H, H);
    const ctx = new Float64Array(S * H);
    for (let head = 0; head < nh; head++) for (let i = 0; i < S; i++) {
      const scores: number[] = [];
      for (let j = 0; j <= i; j++) { // causal: keys after the query are masked to probability 0
        let s = 0;
        for (let e = 0; e < d; e++) s += q[i * H + head * d + e] * k[j * H + head * d + e];
        scores.push(s);
      }
      const mx = Math.max(...scores);
      const ex = scores.map((s) => Math.exp(s - mx));
      const sum = ex.reduce((a, b) => a + b, 0);
      for (let j = 0; j <= i; j++) for (let e = 0; e < d; e++) ctx[i * H + head * d + e] += (ex[j] / sum) * v[j * H + head * d + e];
    }
    const attn = linear(ctx, S, `${L}.self_attn.out_proj`, H, H);
    h = h.map((t, i) => t + attn[i]);
    const m = config.intermediate_size;
    const f1 = linear(layerNorm(h, `${L}.layer_norm2`), S, `${L}.mlp.fc1`, m, H).map(act);
    const f2 = linear(f1, S, `${L}.mlp.fc2`, H, m);
    h = h.map((t, i) => t + f2[i]);
  }
  const last = layerNorm(h, 'final_layer_norm');
  let pooled: Float64Array | undefined;
  if (ids) {
    const list = Array.from(ids);
    const at = config.eos_token_id === 2 ? list.indexOf(Math.max(...list)) : list.indexOf(config.eos_token_id);
    pooled = last.slice(at * H, (at + 1) * H);
  }
  return { last, pooled };
}

/** erf with |error| < 1.2e-7 (Numerical Recipes erfc Chebyshev fit), enough against float32 graphs. */
function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}
