/**
 * @file The TFJS graph-model file format (`model.json` + `.bin` shards) as written by
 * tensorflowjs_converter: `modelTopology` is a TensorFlow GraphDef in protobuf-JSON form and
 * `weightsManifest` lists the constant tensors stored, in order, in the shards.
 */

/** A GraphDef attribute value in protobuf-JSON form (int64s arrive as strings, bytes as base64). */
export interface TfjsAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  tensor?: { dtype?: string; tensorShape?: { dim?: { size?: string | number }[] } };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[]; type?: string[] };
}

/** One GraphDef node. `input` entries are `name`, `name:k` (k-th output) or `^name` (control edge). */
export interface TfjsNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfjsAttrValue>;
  device?: string;
}

/** One stored tensor; `quantization` means the bytes hold `quantization.dtype` values. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: {
    dtype: 'uint8' | 'uint16' | 'float16';
    scale?: number;
    min?: number;
    original_dtype?: string;
  };
}

/** A group of weights stored across the listed shard files (concatenated in order). */
export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/** A tensor of the model's signature: `name` is `node` or `node:k`. */
export interface TfjsSignatureTensor {
  name: string;
  dtype?: string;
  tensorShape?: { dim?: { size?: string | number }[] };
}

/** The parsed `model.json` of a TFJS graph model. */
export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: { node: TfjsNode[]; library?: unknown; versions?: unknown };
  weightsManifest: TfjsWeightGroup[];
  signature?: { inputs?: Record<string, TfjsSignatureTensor>; outputs?: Record<string, TfjsSignatureTensor> };
  userDefinedMetadata?: { signature?: TfjsModelJson['signature'] } & Record<string, unknown>;
}

/** Checks the parts of `model.json` the converter relies on; throws naming what is missing. */
export function parseTfjsModelJson(json: unknown, label: string): TfjsModelJson {
  const m = json as Partial<TfjsModelJson> | null;
  if (!m || typeof m !== 'object') throw new Error(`${label}: model.json is not a JSON object`);
  if (m.format !== undefined && m.format !== 'graph-model') {
    throw new Error(`${label}: format is "${m.format}"; only TFJS graph models ("graph-model") can be converted, not layers models`);
  }
  if (!m.modelTopology || !Array.isArray(m.modelTopology.node)) throw new Error(`${label}: modelTopology.node is missing`);
  if (!Array.isArray(m.weightsManifest)) throw new Error(`${label}: weightsManifest is missing`);
  return m as TfjsModelJson;
}

/** The signature the model declares (top level, or under userDefinedMetadata as older converters wrote it). */
export function tfjsSignature(model: TfjsModelJson): NonNullable<TfjsModelJson['signature']> {
  return model.signature ?? model.userDefinedMetadata?.signature ?? {};
}

/** Decodes a TFJS/protobuf-JSON base64 string attribute (e.g. `padding`, `fused_ops` entries). */
export function decodeAttrString(b64: string): string {
  const bin = atob(b64);
  let out = '';
  for (let i = 0; i < bin.length; i++) out += String.fromCharCode(bin.charCodeAt(i));
  return out;
}
