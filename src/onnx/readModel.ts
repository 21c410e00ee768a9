/**
 * @file Decodes ONNX bytes into a small summary (I/O signature, opsets, initializers, external data
 * references) for validating packs against their manifest and for clear "this is not ONNX" errors.
 */
import { DataLocation, decodeModel, type TensorObject, type ValueInfoObject } from './onnxProto';
import { ONNX_DTYPE_BYTES, ONNX_DTYPE_NAME, numElements } from './tensorData';

/** Stable error code for the UI's help text. */
export const ONNX_PARSE_ERROR = 'onnx-parse';

/** Thrown when bytes are not a readable ONNX model. */
export class OnnxParseError extends Error {
  readonly code = ONNX_PARSE_ERROR;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OnnxParseError';
  }
}

/** A graph input or output: dtype name (e.g. `float32`), dims as number (fixed), string (symbolic) or null (unknown). */
export interface ValueSummary { name: string; dtype: string; shape: (number | string | null)[] | null }

/** An external data reference of one initializer. */
export interface ExternalRef { location: string; offset: number; length: number | null }

/** One initializer: element type, dims, size in bytes, and where its data lives. */
export interface InitializerSummary {
  name: string;
  dtype: string;
  dims: number[];
  /** Element count × element size (null for strings). */
  byteLength: number | null;
  external: ExternalRef | null;
}

/** What {@link readModel} returns. */
export interface ModelSummary {
  irVersion: number;
  producerName: string;
  opsets: { domain: string; version: number }[];
  graphName: string;
  /** Real inputs (values also listed as initializers, as old exporters do, are left out). */
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  initializers: InitializerSummary[];
  nodeCount: number;
  /** Distinct external data files referenced, in first-use order. */
  externalFiles: string[];
}

/**
 * Parses ONNX model bytes. Throws {@link OnnxParseError} naming the problem when the bytes are not
 * protobuf, or are protobuf but lack what every ONNX model has (ir_version, an opset, a graph).
 */
export function readModel(bytes: Uint8Array, label = 'model'): ModelSummary {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
    throw new OnnxParseError(`${label} is not a valid ONNX model: the file is empty`);
  }
  let model;
  try {
    model = decodeModel(bytes);
  } catch (err) {
    throw new OnnxParseError(
      `${label} is not a valid ONNX model: protobuf decoding failed (${(err as Error).message}) — the file may be truncated or not ONNX`,
      { cause: err },
    );
  }
  // Random bytes sometimes decode as protobuf with only unknown fields; require ONNX's mandatory parts.
  const missing = [
    !(model.ir_version > 0) && 'ir_version',
    !(model.opset_import?.length > 0) && 'opset_import',
    !model.graph && 'graph',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new OnnxParseError(`${label} is not a valid ONNX model: missing ${missing.join(', ')}`);
  }
  const graph = model.graph;
  const initializers = (graph.initializer ?? []).map(summarizeTensor);
  const initNames = new Set(initializers.map((i) => i.name));
  const externalFiles: string[] = [];
  for (const init of initializers) {
    if (init.external && !externalFiles.includes(init.external.location)) externalFiles.push(init.external.location);
  }
  return {
    irVersion: model.ir_version,
    producerName: model.producer_name ?? '',
    opsets: model.opset_import.map((o) => ({ domain: o.domain ?? '', version: o.version })),
    graphName: graph.name ?? '',
    inputs: (graph.input ?? []).filter((v) => !initNames.has(v.name)).map(summarizeValue),
    outputs: (graph.output ?? []).map(summarizeValue),
    initializers,
    nodeCount: graph.node?.length ?? 0,
    externalFiles,
  };
}

function summarizeValue(v: ValueInfoObject): ValueSummary {
  const tensor = v.type?.tensor_type;
  const dims = tensor?.shape?.dim;
  return {
    name: v.name,
    dtype: ONNX_DTYPE_NAME[tensor?.elem_type ?? 0] ?? `unknown(${tensor?.elem_type})`,
    shape: dims ? dims.map((d) => d.dim_value ?? d.dim_param ?? null) : null,
  };
}

function summarizeTensor(t: TensorObject): InitializerSummary {
  const dims = t.dims ?? [];
  const elemBytes = ONNX_DTYPE_BYTES[t.data_type ?? 0];
  let external: ExternalRef | null = null;
  if (t.data_location === DataLocation.EXTERNAL) {
    const entry = (key: string) => t.external_data?.find((e) => e.key === key)?.value;
    const length = entry('length');
    external = { location: entry('location') ?? '', offset: Number(entry('offset') ?? 0), length: length === undefined ? null : Number(length) };
  }
  return {
    name: t.name ?? '',
    dtype: ONNX_DTYPE_NAME[t.data_type ?? 0] ?? `unknown(${t.data_type})`,
    dims,
    byteLength: elemBytes === undefined ? null : numElements(dims) * elemBytes,
    external,
  };
}
