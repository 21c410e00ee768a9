/**
 * The CLIP text graph on configurations the fixture does not cover (gelu / gelu_new activations,
 * first-EOS pooling, other widths, shorter context, keys without `text_model.`), checked against the
 * independent float64 loop implementation in clipTextReference.test-util.ts (itself checked against the
 * fixture first), plus config parsing, fp16 storage layout and external data.
 */
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, maxAbs, readFixtureJson } from '../../testing/fixtures';
import { readModel } from '../readModel';
import { buildClipTextEncoderGraph } from './buildClipTextEncoderGraph';
import { clipCausalMask, FLOAT32_MIN } from './clipCausalMask';
import { parseClipTextConfig, type ClipTextConfig } from './clipTextConfig';
import { weightsFromSafetensors, type WeightMap } from './clipTextWeights';
import { clipTextReference, randomClipWeights } from './clipTextReference.test-util';
import { promptTokenEmbeddings, tokenEmbeddingTable } from './promptTokenEmbeddings';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(model);
  const out = await session.run(feeds);
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
}

function lookup(weights: WeightMap, ids: number[], h: number): Float32Array {
  return promptTokenEmbeddings(weights, ids).subarray(0, ids.length * h);
}

const TINY = {
  vocab_size: 40, hidden_size: 12, intermediate_size: 20, num_hidden_layers: 2, num_attention_heads: 3,
  max_position_embeddings: 10, layer_norm_eps: 1e-5, eos_token_id: 7,
};
// Ids with EOS (7) at position 4 followed by larger ids: first-EOS and argmax pooling disagree here.
const IDS = [[0, 12, 30, 5, 7, 39, 39, 39, 39, 39], [0, 7, 1, 1, 1, 1, 1, 1, 1, 1]];

describe('float64 reference (test helper) agrees with the fixture', () => {
  it('io_plain last_hidden_state and pooler_output, every row (≤ 2e-5)', () => {
    const config = parseClipTextConfig(readFixtureJson('text_encoder', 'config.json'));
    const weights = weightsFromSafetensors(loadFixture('text_encoder', 'model.safetensors').file);
    const io = loadFixture('text_encoder', 'io_plain.safetensors');
    const ids = io.numbers('input_ids');
    const h = config.hidden_size;
    for (let r = 0; r < 4; r++) {
      const rowIds = ids.slice(r * 77, (r + 1) * 77);
      const ref = clipTextReference(config, weights, lookup(weights, rowIds, h), rowIds);
      expect(maxAbs(ref.last, io.row('last_hidden_state', r))).toBeLessThanOrEqual(2e-5);
      expect(maxAbs(ref.pooled!, io.row('pooler_output', r))).toBeLessThanOrEqual(2e-5);
    }
  });
});

describe('buildClipTextEncoderGraph vs the float64 reference', () => {
  for (const hidden_act of ['gelu', 'gelu_new', 'quick_gelu'] as const) {
    it(`${hidden_act}, first-EOS pooling (eos_token_id 7), batch 2 (≤ 1e-5)`, async () => {
      const config: ClipTextConfig = parseClipTextConfig({ ...TINY, hidden_act });
      const weights = randomClipWeights(config, hidden_act.length);
      const graph = buildClipTextEncoderGraph(config, weights, { input: 'input_ids' });
      expect(graph.outputNames).toEqual(['last_hidden_state', 'pooler_output']);
      const ids = new ort.Tensor('int64', BigInt64Array.from(IDS.flat(), BigInt), [2, 10]);
      const out = await run(graph.model, { input_ids: ids });
      const h = config.hidden_size;
      IDS.forEach((rowIds, r) => {
        const ref = clipTextReference(config, weights, lookup(weights, rowIds, h), rowIds);
        expect(maxAbs(out.last_hidden_state.subarray(r * 10 * h, (r + 1) * 10 * h), ref.last)).toBeLessThanOrEqual(1e-5);
        expect(maxAbs(out.pooler_output.subarray(r * h, (r + 1) * h), ref.pooled!)).toBeLessThanOrEqual(1e-5);
        // EOS at 4 (row 0) / 1 (row 1), not the argmax position 5.
        expect(maxAbs(ref.pooled!, ref.last.subarray([4, 1][r] * h, ([4, 1][r] + 1) * h))).toBe(0);
      });
    });
  }

  it('inputs_embeds, shorter context (S = 6 < 10) and keys without "text_model."', async () => {
    const config = parseClipTextConfig({ ...TINY, hidden_act: 'gelu' });
    const weights = randomClipWeights(config, 5, '');
    const graph = buildClipTextEncoderGraph(config, weights, { input: 'inputs_embeds', sequenceLength: 6, batch: 1, debugOutputs: true });
    expect(graph.outputNames).toEqual(['last_hidden_state', 'debug.embeddings', 'debug.encoder.layers.0', 'debug.encoder.layers.1']);
    const embeds = lookup(weights, IDS[0].slice(0, 6), config.hidden_size).map((x, i) => x + (i % 5) * 0.1); // edited rows
    const out = await run(graph.model, { inputs_embeds: new ort.Tensor('float32', embeds, [1, 6, config.hidden_size]) });
    const ref = clipTextReference(config, weights, embeds);
    expect(maxAbs(out.last_hidden_state, ref.last)).toBeLessThanOrEqual(1e-5);
  });
});

describe('graph layout and options', () => {
  const config = readFixtureJson('text_encoder', 'config.json');
  const weights = weightsFromSafetensors(loadFixture('text_encoder', 'model.safetensors').file);

  it('float16 storage: linear/embedding weights fp16, LayerNorm params and mask fp32, model about half size', () => {
    const fp32 = buildClipTextEncoderGraph(config, weights, { input: 'input_ids' });
    const fp16 = buildClipTextEncoderGraph(config, weights, { input: 'input_ids', weightsDtype: 'float16' });
    const inits = new Map(readModel(fp16.model).initializers.map((i) => [i.name, i.dtype]));
    expect(inits.get('text_model.embeddings.token_embedding.weight')).toBe('float16');
    expect(inits.get('text_model.encoder.layers.1.mlp.fc2.weight')).toBe('float16');
    expect(inits.get('text_model.encoder.layers.0.self_attn.q_proj.bias')).toBe('float16');
    expect(inits.get('text_model.encoder.layers.0.layer_norm1.weight')).toBe('float32');
    expect(inits.get('text_model.final_layer_norm.bias')).toBe('float32');
    expect(inits.get('causal_attention_mask')).toBe('float32');
    expect(fp16.model.length).toBeLessThan(0.6 * fp32.model.length);
    const io = readModel(fp16.model);
    expect(io.inputs).toEqual([{ name: 'input_ids', dtype: 'int64', shape: ['batch', 77] }]);
    expect(io.outputs.map((o) => [o.name, o.dtype])).toEqual([['last_hidden_state', 'float32'], ['pooler_output', 'float32']]);
  });

  it('external data moves the big initializers out of the model', () => {
    const g = buildClipTextEncoderGraph(config, weights, { input: 'inputs_embeds', externalData: { fileName: 'text_encoder.onnx_data', minBytes: 4096 } });
    expect(g.externalFiles.map((f) => f.path)).toEqual(['text_encoder.onnx_data']);
    const ext = readModel(g.model).initializers.filter((i) => i.external);
    expect(ext.map((i) => i.name)).toContain('text_model.encoder.layers.0.mlp.fc1.weight');
    // inputs_embeds graphs carry no token table: the studio ships prompt rows instead.
    expect(readModel(g.model).initializers.some((i) => i.name.includes('token_embedding'))).toBe(false);
  });

  it('causal mask: 0 on and below the diagonal, float32 min above', () => {
    const m = clipCausalMask(3);
    expect(Array.from(m)).toEqual([0, FLOAT32_MIN, FLOAT32_MIN, 0, 0, FLOAT32_MIN, 0, 0, 0].map(Math.fround));
    expect(Math.fround(FLOAT32_MIN)).toBe(FLOAT32_MIN); // exactly representable: torch.finfo(float32).min
  });

  it('promptTokenEmbeddings returns the table rows of the ids', () => {
    const table = tokenEmbeddingTable(weights);
    expect([table.vocab, table.hidden]).toEqual([3000, 32]);
    const rows = promptTokenEmbeddings(weights, [2998, 5n, 2999]);
    expect(rows.length).toBe(3 * 32);
    expect(Array.from(rows.subarray(32, 64))).toEqual(Array.from(table.data.subarray(5 * 32, 6 * 32)));
    expect(() => promptTokenEmbeddings(weights, [3000])).toThrow(/outside vocabulary/);
  });

  it('config parsing: defaults, CLIPConfig.text_config, clear errors', () => {
    expect(parseClipTextConfig({})).toMatchObject({ hidden_size: 512, num_hidden_layers: 12, max_position_embeddings: 77, hidden_act: 'quick_gelu', eos_token_id: 49407 });
    expect(parseClipTextConfig({ text_config: { hidden_size: 768, num_attention_heads: 12 } }).hidden_size).toBe(768);
    expect(() => parseClipTextConfig({ hidden_act: 'relu' })).toThrow(/hidden_act "relu" is not supported \(expected one of quick_gelu, gelu/);
    expect(() => parseClipTextConfig({ hidden_size: 30, num_attention_heads: 4 })).toThrow(/not divisible/);
    expect(() => parseClipTextConfig({ num_hidden_layers: '2' })).toThrow(/"num_hidden_layers" must be an integer/);
    expect(() => buildClipTextEncoderGraph({ ...TINY }, weights, { input: 'input_ids' })).toThrow(/has shape \[3000, 32\], expected \[40, 12\]/);
  });
});
