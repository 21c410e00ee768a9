/**
 * @file transformers `CLIPTextModel` (models/clip/modeling_clip.py, v4.36) as an ONNX graph, for any
 * CLIPTextConfig. Two entry points:
 * - `input_ids` int64 [B, S]: token lookup (Gather) inside the graph, plus `pooler_output` — the plain
 *   `CLIPTextModel(input_ids)` call StableDiffusionPipeline makes (no attention_mask);
 * - `inputs_embeds` float32 [B, S, H]: token embeddings already looked up and edited (Arc2Face writes the
 *   id vector at the placeholder, src/engine/conditioning) — Arc2Face's `CLIPTextModelWrapper` path
 *   (method.md §b.3 step 4, §b.10 graph 3).
 * Both add position embeddings, run the causal pre-norm encoder and `final_layer_norm` →
 * `last_hidden_state` [B, S, H] (= SD's `encoder_hidden_states`).
 */
import type { ExternalDataOptions, ExternalFile } from '../externalData';
import { GraphBuilder, type InitializerStream } from '../graphBuilder';
import { layerNorm } from '../layers/layerNorm';
import type { DType } from '../tensorData';
import { clipCausalMask } from './clipCausalMask';
import { clipEncoderLayer } from './clipEncoderLayer';
import { parseClipTextConfig, type ClipTextConfig } from './clipTextConfig';
import { ClipTextWeights, type WeightMap } from './clipTextWeights';

/** Which tensor the graph takes: token ids, or ready token embeddings. */
export type ClipTextEncoderInput = 'input_ids' | 'inputs_embeds';

/** Options for {@link buildClipTextEncoderGraph}. */
export interface ClipTextEncoderGraphOptions {
  /** Graph input (see file header). */
  input: ClipTextEncoderInput;
  /**
   * Weight storage. `float16` halves the download: linear/embedding weights are stored fp16 and cast to
   * float32 in the graph; LayerNorm parameters, the mask and all other constants stay float32, and all
   * activations are float32 (inputs/outputs keep their float32 types).
   */
  weightsDtype?: 'float32' | 'float16';
  /** Also output `debug.embeddings` and `debug.encoder.layers.N` (as in fixtures/text_encoder). */
  debugOutputs?: boolean;
  /** Context length S (default and maximum: max_position_embeddings, 77 for CLIP). */
  sequenceLength?: number;
  /** Batch dimension: a fixed size or a symbolic name (default `'batch'`). */
  batch?: number | string;
  /** Write initializers of at least `minBytes` to external data files (needed past 2 GiB). */
  externalData?: ExternalDataOptions;
  /** Graph name (default `clip_text_encoder`). */
  name?: string;
  /** Streams weights out as they are added instead of `externalData` (importers; see GraphBuilderOptions.streamInitializers). */
  initializerStream?: InitializerStream;
}

/** An encoded model and its interface. */
export interface ClipTextEncoderGraph {
  model: Uint8Array;
  /** Empty unless `externalData` was given. */
  externalFiles: ExternalFile[];
  /** Graph input name (`input_ids` or `inputs_embeds`). */
  inputName: ClipTextEncoderInput;
  /** Output names in order: `last_hidden_state`, then `pooler_output` (input_ids only), then debug outputs. */
  outputNames: string[];
  config: ClipTextConfig;
}

/**
 * @param configJson the text encoder's config.json (CLIPTextConfig; a CLIPConfig's `text_config` is used)
 * @param weights CLIPTextModel parameters by state_dict key (`text_model.` prefix optional)
 */
export function buildClipTextEncoderGraph(configJson: unknown, weights: WeightMap, options: ClipTextEncoderGraphOptions): ClipTextEncoderGraph {
  const config = parseClipTextConfig(configJson);
  const w = new ClipTextWeights(weights);
  const h = config.hidden_size;
  const s = options.sequenceLength ?? config.max_position_embeddings;
  if (!Number.isSafeInteger(s) || s < 1 || s > config.max_position_embeddings) {
    throw new Error(`buildClipTextEncoderGraph: sequenceLength ${s} outside [1, ${config.max_position_embeddings}]`);
  }
  const batch = options.batch ?? 'batch';
  const fp16 = options.weightsDtype === 'float16';
  // Only initializers listed here become fp16; each is followed by a Cast to float32.
  const fp16Names = new Set<string>();
  const buildOpts = { weightsDtype: fp16 ? ('float16' as const) : ('float32' as const), keepFloat32: (name: string) => !fp16Names.has(name) };
  const g = new GraphBuilder({
    name: options.name ?? 'clip_text_encoder', docString: `transformers CLIPTextModel (v4.36), input ${options.input}`,
    // A name joins fp16Names right after its initializer is added, before the next node: in time for the stream.
    ...(options.initializerStream ? { streamInitializers: { stream: options.initializerStream, ...buildOpts } } : {}),
  });
  const linearOpts = fp16 ? { castFromFloat16: (n: string) => void fp16Names.add(n) } : {};
  const toFloat32 = (value: string, leaf: string): string => (fp16 ? g.node('Cast', [value], { to: 1 /* FLOAT */ }, { name: leaf }) : value);
  const half = (name: string): string => {
    if (fp16) fp16Names.add(name);
    return name;
  };

  const outputs: { value: string; name: string; dtype: DType; shape: (number | string)[] }[] = [];

  // Embeddings (CLIPTextEmbeddings): token embeddings + position_embedding(arange(S)).
  let tokens: string;
  let inputIds: string | undefined;
  if (options.input === 'input_ids') {
    inputIds = g.input('input_ids', 'int64', [batch, s]);
    const table = w.get('embeddings.token_embedding.weight', [config.vocab_size, h]);
    const tableName = half(g.initializer(w.key('embeddings.token_embedding.weight'), { dtype: 'float32', dims: [config.vocab_size, h], data: table.data }));
    // Gather first, cast after: only B·S rows are converted, not the whole vocabulary.
    tokens = toFloat32(g.node('Gather', [tableName, inputIds], { axis: 0 }, { name: w.key('embeddings.token_embedding') }), w.key('embeddings.token_embedding.cast'));
  } else {
    tokens = g.input('inputs_embeds', 'float32', [batch, s, h]);
  }
  const positions = w.get('embeddings.position_embedding.weight', [config.max_position_embeddings, h]);
  const positionName = half(g.initializer(w.key('embeddings.position_embedding.weight'), { dtype: 'float32', dims: [s, h], data: positions.data.slice(0, s * h) }));
  let hidden = g.node('Add', [tokens, toFloat32(positionName, `${positionName}.cast`)], {}, { name: w.key('embeddings.add_positions') });
  if (options.debugOutputs) outputs.push({ value: hidden, name: 'debug.embeddings', dtype: 'float32', shape: [batch, s, h] });

  const mask = g.initializer('causal_attention_mask', { dtype: 'float32', dims: [s, s], data: clipCausalMask(s) });
  for (let i = 0; i < config.num_hidden_layers; i++) {
    hidden = clipEncoderLayer(g, hidden, w, i, config, mask, linearOpts);
    if (options.debugOutputs) outputs.push({ value: hidden, name: `debug.encoder.layers.${i}`, dtype: 'float32', shape: [batch, s, h] });
  }

  const finalLn = { weight: w.get('final_layer_norm.weight', [h]).data, bias: w.get('final_layer_norm.bias', [h]).data };
  const last = layerNorm(g, hidden, w.key('final_layer_norm'), finalLn, config.layer_norm_eps);
  outputs.unshift({ value: last, name: 'last_hidden_state', dtype: 'float32', shape: [batch, s, h] });
  if (inputIds) {
    outputs.splice(1, 0, { value: clipPooledOutput(g, last, inputIds, config), name: 'pooler_output', dtype: 'float32', shape: [batch, h] });
  }
  for (const o of outputs) g.output(o.value, o.dtype, o.shape, o.name);

  const built = options.externalData ? g.build({ ...buildOpts, externalData: options.externalData }) : { model: g.build(buildOpts), externalFiles: [] };
  return { ...built, inputName: options.input, outputNames: outputs.map((o) => o.name), config };
}

/**
 * `CLIPTextTransformer` pooling: the final hidden state at the EOS position of each row. With
 * `eos_token_id == 2` (SD1.5's config) transformers 4.36 keeps the legacy rule `argmax(input_ids)` —
 * the EOS has the highest id in the real vocabulary; otherwise the first position equal to eos_token_id.
 * ArgMax returns the first maximum, as torch.argmax does, so the pads after EOS never win.
 * @returns float32 [B, H]
 */
function clipPooledOutput(g: GraphBuilder, last: string, inputIds: string, config: ClipTextConfig): string {
  const n = (op: string, inputs: string[], leaf: string, attrs = {}): string => g.node(op, inputs, attrs, { name: `pooler.${leaf}` });
  // Ids < 2^24 are exact in float32; ORT's ArgMax has no int64 kernel on every backend.
  const scores = config.eos_token_id === 2
    ? n('Cast', [inputIds], 'ids_as_float', { to: 1 })
    : n('Cast', [n('Equal', [inputIds, g.constI64('pooler.eos_token_id', [config.eos_token_id], [])], 'is_eos')], 'is_eos_float', { to: 1 });
  const position = n('ArgMax', [scores], 'argmax', { axis: 1, keepdims: 0 }); // int64 [B]
  const index = n('Unsqueeze', [position, g.constI64('pooler.axes', [1])], 'index'); // [B, 1]
  return n('GatherND', [last, index], 'gather', { batch_dims: 1 });
}
