/**
 * @file Reusable parity check of the CLIP text encoder graphs against a folder in the layout of
 * fixtures/text_encoder (README "text_encoder/"): `config.json`, `model.safetensors`,
 * `io_plain.safetensors` (input_ids → last_hidden_state, pooler_output, debug.*) and
 * `io_arc2face.safetensors` (ids + normalised id vectors → encoder_hidden_states_k, and
 * negative_input_ids → negative_encoder_hidden_states). No node: imports — the caller supplies file
 * reading (and optionally the model runner), so `npm run parity`, tests and the browser can all use it.
 */
import { ARC2FACE_ID_TOKEN_ID } from '../../engine/conditioning/arc2facePromptIds';
import { embedTokens } from '../../engine/conditioning/embedTokens';
import { findTokenPositions, injectIdAtPlaceholder } from '../../engine/conditioning/injectIdAtPlaceholder';
import { readSafetensors, toFloat32, type SafetensorsFile } from '../../io/safetensors';
import { buildClipTextEncoderGraph } from './buildClipTextEncoderGraph';
import { weightsFromSafetensors } from './clipTextWeights';
import { tokenEmbeddingTable } from './promptTokenEmbeddings';

/** Reads a file by path (`<dir>/<name>`); may be async (fetch) or sync (node:fs). */
export type ReadFile = (path: string) => Uint8Array | ArrayBuffer | Promise<Uint8Array | ArrayBuffer>;

/** A model input tensor. */
export type FeedTensor =
  | { dtype: 'float32'; dims: number[]; data: Float32Array }
  | { dtype: 'int64'; dims: number[]; data: BigInt64Array };

/** Runs an ONNX model once and returns every float32 output by name. */
export type RunModel = (model: Uint8Array, feeds: Record<string, FeedTensor>) => Promise<Record<string, Float32Array>>;

/** One compared output. */
export interface ParityRow {
  /** Fixture file the reference came from. */
  file: string;
  /** Reference tensor name (for Arc2Face rows: `encoder_hidden_states_k`, `negative_encoder_hidden_states`, `input_token_embs_k`). */
  output: string;
  maxAbs: number;
  meanAbs: number;
  tolerance: number;
  pass: boolean;
}

/** Options for {@link checkTextEncoderFixtureFolder}. */
export interface TextEncoderParityOptions {
  /** Weight storage of the graphs under test (default float32). */
  weightsDtype?: 'float32' | 'float16';
  /** Max abs error allowed (default 1e-4, fixtures/README.md). */
  tolerance?: number;
  /** Model runner (default: onnxruntime-web on its WASM backend, one thread). */
  runModel?: RunModel;
}

/**
 * Builds both graph variants from the folder's config and weights, runs the fixture inputs and returns
 * max/mean abs errors per reference output. Does not throw on a mismatch; check `pass`.
 */
export async function checkTextEncoderFixtureFolder(dir: string, readFile: ReadFile, options: TextEncoderParityOptions = {}): Promise<ParityRow[]> {
  const tolerance = options.tolerance ?? 1e-4;
  const run = options.runModel ?? (await ortWebRunner());
  const path = (name: string): string => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);
  const bytes = async (name: string): Promise<Uint8Array> => {
    const b = await readFile(path(name));
    return b instanceof Uint8Array ? b : new Uint8Array(b);
  };
  const config: unknown = JSON.parse(new TextDecoder().decode(await bytes('config.json')));
  const weights = weightsFromSafetensors(readSafetensors(await bytes('model.safetensors')));
  const rows: ParityRow[] = [];
  const compare = (file: string, output: string, got: Float32Array, want: Float32Array): void => {
    const { max, mean } = absErrors(got, want, `${file}:${output}`);
    rows.push({ file, output, maxAbs: max, meanAbs: mean, tolerance, pass: max <= tolerance });
  };

  // io_plain: CLIPTextModel(input_ids), every output the fixture recorded.
  const plain = readSafetensors(await bytes('io_plain.safetensors'));
  const plainIds = int64Tensor(plain, 'input_ids');
  const idsGraph = buildClipTextEncoderGraph(config, weights, { input: 'input_ids', debugOutputs: true, weightsDtype: options.weightsDtype });
  const plainOut = await run(idsGraph.model, { input_ids: plainIds });
  for (const name of idsGraph.outputNames) {
    if (plain.tensors.has(name)) compare('io_plain.safetensors', name, plainOut[name], float32Tensor(plain, name));
  }

  // io_arc2face: token lookup + id injection in TS, then the inputs_embeds graph on all cases as one batch.
  const a2f = readSafetensors(await bytes('io_arc2face.safetensors'));
  const table = tokenEmbeddingTable(weights);
  const h = table.hidden;
  const ids = int64Tensor(a2f, 'input_ids').data;
  const placeholder = findTokenPositions(ids, ARC2FACE_ID_TOKEN_ID);
  const prompt = embedTokens(ids, table.data, h);
  const cases: { name: string; embeds: Float32Array }[] = [];
  for (let k = 0; a2f.tensors.has(`encoder_hidden_states_${k}`); k++) {
    const id = float32Tensor(a2f, `id_embedding_normalized_${k}`);
    const embeds = injectIdAtPlaceholder(prompt, placeholder, id, h, false);
    if (a2f.tensors.has(`input_token_embs_${k}`)) compare('io_arc2face.safetensors', `input_token_embs_${k}`, embeds, float32Tensor(a2f, `input_token_embs_${k}`));
    cases.push({ name: `encoder_hidden_states_${k}`, embeds });
  }
  cases.push({ name: 'negative_encoder_hidden_states', embeds: embedTokens(int64Tensor(a2f, 'negative_input_ids').data, table.data, h) });

  const seq = ids.length;
  const embedsGraph = buildClipTextEncoderGraph(config, weights, { input: 'inputs_embeds', weightsDtype: options.weightsDtype, sequenceLength: seq });
  const batch = new Float32Array(cases.length * seq * h);
  cases.forEach((c, i) => batch.set(c.embeds, i * seq * h));
  const out = (await run(embedsGraph.model, { inputs_embeds: { dtype: 'float32', dims: [cases.length, seq, h], data: batch } })).last_hidden_state;
  cases.forEach((c, i) => compare('io_arc2face.safetensors', c.name, out.subarray(i * seq * h, (i + 1) * seq * h), float32Tensor(a2f, c.name)));
  return rows;
}

/** One line per row, for CLI/test logs. */
export function formatParityRows(rows: readonly ParityRow[]): string {
  return rows
    .map((r) => `${r.pass ? 'ok  ' : 'FAIL'} ${r.file} ${r.output}: max abs ${r.maxAbs.toExponential(2)}, mean abs ${r.meanAbs.toExponential(2)} (tol ${r.tolerance})`)
    .join('\n');
}

function float32Tensor(file: SafetensorsFile, name: string): Float32Array {
  const t = file.tensors.get(name);
  if (!t) throw new Error(`text encoder parity: fixture has no tensor "${name}"`);
  return toFloat32(t.dtype, t.data);
}

function int64Tensor(file: SafetensorsFile, name: string): { dtype: 'int64'; dims: number[]; data: BigInt64Array } {
  const t = file.tensors.get(name);
  if (!t || t.dtype !== 'I64') throw new Error(`text encoder parity: fixture needs an I64 tensor "${name}"`);
  return { dtype: 'int64', dims: [...t.shape], data: t.data as BigInt64Array };
}

function absErrors(got: Float32Array | undefined, want: Float32Array, what: string): { max: number; mean: number } {
  if (!got || got.length !== want.length) throw new Error(`text encoder parity: ${what} has ${got?.length ?? 'no'} elements, reference ${want.length}`);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d; // NaN never passes
    sum += d;
  }
  return { max, mean: sum / want.length };
}

/** Default runner: onnxruntime-web, loaded lazily so importing this module does not pull ORT in. */
async function ortWebRunner(): Promise<RunModel> {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  return async (model, feeds) => {
    const session = await ort.InferenceSession.create(model);
    try {
      const ortFeeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.dtype, t.data, t.dims);
      const results = await session.run(ortFeeds);
      const out: Record<string, Float32Array> = {};
      for (const [name, t] of Object.entries(results)) out[name] = t.data as Float32Array;
      return out;
    } finally {
      await session.release();
    }
  };
}
