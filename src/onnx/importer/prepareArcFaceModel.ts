/**
 * @file Validates a user-supplied ArcFace recognition model (insightface `arcface.onnx` / `glintr100.onnx`)
 * and renames its single input/output to the pack contract's `input` / `embedding`, so the pipeline
 * never needs a name map (insightface exports name them `input.1`, `683`, …). Also reads the embedding
 * size D and the input normalisation insightface would use for this graph.
 */
import { decodeModel, encodeModel, type GraphObject } from '../onnxProto';
import { OnnxParseError, readModel } from '../readModel';
import { findUnsupportedOnnxParts } from './findUnsupportedOnnxParts';
import { ImportError } from './importError';

/** Names the pack contract gives the ArcFace graph. */
export const ARCFACE_INPUT = 'input';
export const ARCFACE_OUTPUT = 'embedding';
export const ARCFACE_SIZE = 112;

export interface PreparedArcFace {
  /** The model with IO named `input` / `embedding` (the original bytes when they already were). */
  model: Uint8Array;
  /** Embedding size D (512 for insightface recognition models). */
  idDim: number;
  /** Input normalisation `(pixel − mean) / std`, as insightface `ArcFaceONNX` decides it. */
  mean: number;
  std: number;
  /** Original IO names, for the report. */
  originalInput: string;
  originalOutput: string;
}

/**
 * @param bytes the ONNX file
 * @param label file name for messages
 * @param idDim embedding size when the graph's output shape does not state it
 * @throws ImportError naming the file: not ONNX, external data, not exactly one input/output, wrong input shape
 */
export function prepareArcFaceModel(bytes: Uint8Array, label: string, idDim?: number): PreparedArcFace {
  let summary;
  try {
    summary = readModel(bytes, label);
  } catch (e) {
    if (e instanceof OnnxParseError) throw new ImportError('BAD_FILE', e.message, { file: label, cause: e });
    throw e;
  }
  const unsupported = (why: string): never => {
    throw new ImportError('UNSUPPORTED', `${label}: ${why}`, { file: label });
  };
  if (summary.externalFiles.length > 0) unsupported(`uses external data files (${summary.externalFiles.join(', ')}); give a single self-contained .onnx file`);
  if (summary.inputs.length !== 1) unsupported(`expected one input (an aligned face [1, 3, 112, 112]), found ${summary.inputs.length}: ${summary.inputs.map((i) => i.name).join(', ')}`);
  if (summary.outputs.length !== 1) unsupported(`expected one output (the identity embedding), found ${summary.outputs.length}: ${summary.outputs.map((o) => o.name).join(', ')}`);
  const [input] = summary.inputs;
  const [output] = summary.outputs;
  const inShape = input.shape;
  const fixedOk = (d: number | string | null | undefined, want: number) => typeof d !== 'number' || d === want;
  if (input.dtype !== 'float32' || !inShape || inShape.length !== 4 || !fixedOk(inShape[1], 3) || !fixedOk(inShape[2], ARCFACE_SIZE) || !fixedOk(inShape[3], ARCFACE_SIZE)) {
    unsupported(`input "${input.name}" is ${input.dtype} ${JSON.stringify(inShape)}; an ArcFace model takes float32 [N, 3, 112, 112]`);
  }
  const last = output.shape?.[output.shape.length - 1];
  const d = typeof last === 'number' && last > 0 ? last : idDim;
  if (d === undefined) unsupported(`output "${output.name}" has no fixed embedding size (shape ${JSON.stringify(output.shape)}); pass the embedding size explicitly`);
  if (typeof last === 'number' && idDim !== undefined && idDim !== last) unsupported(`output "${output.name}" has size ${last}, but ${idDim} was requested`);

  const model = decodeModel(bytes);
  // insightface ArcFaceONNX: mean 0 / std 1 when the graph normalises itself (a Sub and a Mul among its first 8 nodes).
  const first = (model.graph.node ?? []).slice(0, 8).map((n) => n.name ?? '');
  const selfNormalising = first.some((n) => n.startsWith('Sub') || n.startsWith('_minus')) && first.some((n) => n.startsWith('Mul') || n.startsWith('_mul'));
  const norm = selfNormalising ? { mean: 0, std: 1 } : { mean: 127.5, std: 127.5 };
  const base = { idDim: d!, ...norm, originalInput: input.name, originalOutput: output.name };
  if (input.name === ARCFACE_INPUT && output.name === ARCFACE_OUTPUT) return { model: bytes, ...base };

  const lost = findUnsupportedOnnxParts(bytes);
  if (lost.length > 0) unsupported(`its IO must be renamed to "${ARCFACE_INPUT}"/"${ARCFACE_OUTPUT}", but it contains ${lost.join(', ')}, which this importer cannot rewrite`);
  const renames = new Map([[input.name, ARCFACE_INPUT], [output.name, ARCFACE_OUTPUT]]);
  const taken = allValueNames(model.graph);
  for (const [from, to] of renames) if (from !== to && taken.has(to)) unsupported(`cannot rename "${from}" to "${to}": the graph already has a value named "${to}"`);
  renameValues(model.graph, renames);
  return { model: encodeModel(model), ...base };
}

function allValueNames(g: GraphObject): Set<string> {
  const names = new Set<string>();
  for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.value_info ?? [])]) names.add(v.name);
  for (const t of g.initializer ?? []) if (t.name) names.add(t.name);
  for (const n of g.node ?? []) for (const x of [...n.input, ...n.output]) names.add(x);
  return names;
}

/** Renames values everywhere they appear, subgraphs (If/Loop bodies) included, since those may capture outer values. */
function renameValues(g: GraphObject, renames: ReadonlyMap<string, string>): void {
  const r = (name: string) => renames.get(name) ?? name;
  for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.value_info ?? [])]) v.name = r(v.name);
  for (const n of g.node ?? []) {
    n.input = n.input.map(r);
    n.output = n.output.map(r);
    for (const a of n.attribute ?? []) {
      const sub = a as { g?: GraphObject; graphs?: GraphObject[] };
      if (sub.g) renameValues(sub.g, renames);
      for (const s of sub.graphs ?? []) renameValues(s, renames);
    }
  }
}
