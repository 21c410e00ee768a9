/**
 * @file Converts a TFJS graph model (`model.json` GraphDef + decoded weights) into an ONNX model (opset 17)
 * with {@link GraphBuilder}. Written for the MediaPipe BlazeFace / FaceMesh and HSE FaceRes graphs that
 * `@vladmandic/human` ships; the op map follows tfjs-converter's executors (`src/operations/executors/*`)
 * so the ONNX graph computes what tfjs computes.
 *
 * Layout (NHWC vs NCHW): graph inputs and outputs keep TensorFlow's NHWC shapes, so callers feed the same
 * tensors as to tfjs. Inside, every value carries up to two materialisations: `tf` (TensorFlow's own
 * layout) and, for rank-4 tensors, `nchw` (the same data transposed to N,C,H,W). Convolutions and pools
 * need `nchw`; Reshape, Squeeze, Transpose, StridedSlice, MatMul and graph outputs need `tf`. A Transpose
 * is inserted only where a value is asked for in a form it lacks (and then cached), so a chain of
 * convolutions and elementwise ops stays NCHW end to end. Constants are transposed at conversion time:
 * conv filters HWIO → OIHW, depthwise `[H,W,C,M]` → `[C·M,1,H,W]`, and per-channel operands of NCHW
 * values from NHWC-broadcast shapes (`[C]`, `[1,1,C]`) to `[1,C,1,1]`.
 *
 * Weights: float16-quantised weights (FaceMesh, FaceRes) are stored as float16 initializers followed by a
 * Cast to float32 by default: widening is exact, so results equal tfjs' (which also widens on load) and
 * the files are half the size. uint8/uint16-quantised weights are dequantised to float32.
 */
import { f } from '../attributes';
import { GraphBuilder } from '../graphBuilder';
import { decodeTfjsWeights, type TfjsWeight } from './decodeTfjsWeights';
import { permuteTensor } from './permuteTensor';
import { attrBool, attrFloat, attrInt, attrInts, attrShape, attrString, attrStrings, attrType } from './tfjsAttrs';
import { TfjsConversionError } from './TfjsConversionError';
import { tfjsSignature, type TfjsModelJson, type TfjsNode } from './tfjsModel';

/** A graph input or output of the converted model, by its TF tensor name and its ONNX name. */
export interface TfjsGraphIo {
  /** TF node name (`input_1`) or tensor name (`Identity_2:0`). */
  tfName: string;
  /** Name in the ONNX graph (default: the TF node name). */
  name?: string;
  /** Shape override; `-1` or a string marks a free dimension. Default: from the model's signature / Placeholder. */
  shape?: (number | string)[];
}

export interface ConvertTfjsGraphOptions {
  /** ONNX graph name. */
  name: string;
  /** Inputs to rename or reshape; Placeholders not listed keep their TF names and shapes. */
  inputs?: TfjsGraphIo[];
  /** Outputs in order. Default: the signature's outputs, else every node no other node consumes. */
  outputs?: TfjsGraphIo[];
  /** Store float16-quantised weights as float16 + Cast (default true) instead of widening them to float32. */
  keepFloat16?: boolean;
  /** ModelProto.doc_string, e.g. provenance. */
  docString?: string;
}

/** Graph-boundary tensor of the converted model. */
export interface ConvertedIo {
  name: string;
  dtype: 'float32';
  shape: (number | string)[];
}

export interface ConvertedTfjsGraph {
  /** Serialised ONNX ModelProto. */
  model: Uint8Array;
  inputs: ConvertedIo[];
  outputs: ConvertedIo[];
  /** TF op types converted (fused ops spelled `_FusedConv2D[BiasAdd,Relu]`) and how often; Const excluded. */
  opCounts: Record<string, number>;
  /** `mixed` when float16 weights were kept as float16 (computation is float32 either way). */
  precision: 'fp32' | 'mixed';
}

/** TF ops the converter maps, each to the ONNX ops named in {@link convertTfjsGraph}'s handlers. */
export const SUPPORTED_TFJS_OPS: readonly string[] = [
  'Placeholder', 'Const', 'Identity',
  'Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'DepthwiseConv2d', 'FusedDepthwiseConv2dNative',
  'MatMul', '_FusedMatMul',
  'Add', 'AddV2', 'BiasAdd', 'Sub', 'Mul', 'RealDiv', 'Maximum', 'Minimum',
  'Relu', 'Relu6', 'Elu', 'LeakyRelu', 'Prelu', 'Sigmoid', 'Tanh', 'Exp', 'Log', 'Sqrt', 'Rsqrt', 'Square', 'Neg', 'Abs',
  'MaxPool', 'AvgPool', 'Pad', 'PadV2', 'Mean', 'Sum', 'Softmax',
  'Reshape', 'Squeeze', 'ExpandDims', 'Transpose', 'ConcatV2', 'StridedSlice',
];

/** Activations allowed after `BiasAdd` in `fused_ops` (tfjs-converter `fusedConv2d` / `fusedMatMul`). */
const FUSED_ACTIVATIONS = ['Relu', 'Relu6', 'Prelu', 'Elu', 'LeakyRelu', 'Sigmoid', 'Tanh'];
const FUSED_OPS = new Set(['_FusedConv2D', 'FusedDepthwiseConv2dNative', '_FusedMatMul']);

/** NHWC axis → NCHW axis and back. */
const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];
/** Stands in for "to the end" in Slice (ORT clamps out-of-range ends). */
const BIG = Number.MAX_SAFE_INTEGER;
const FLOAT = 1; // TensorProto.FLOAT, for Cast's `to`

/** A converted TF tensor: its rank and where it lives in the ONNX graph. */
interface Val {
  rank: number;
  /** ONNX value holding the tensor in TF layout. */
  tf?: string;
  /** ONNX value holding a rank-4 tensor transposed to NCHW. */
  nchw?: string;
  /** Set for Const nodes: folded into initializers at each use, in the form that use needs. */
  weight?: TfjsWeight;
  /** Human-readable origin for error messages. */
  from: string;
}

function nodeNameOf(ref: string): { node: string; index: number } {
  const m = /^(.*?)(?::(\d+))?$/.exec(ref.startsWith('^') ? ref.slice(1) : ref);
  return { node: m![1], index: m![2] === undefined ? 0 : Number(m![2]) };
}

/** `_FusedConv2D[BiasAdd,Relu]` style key for op counts and support checks. */
function opKey(node: TfjsNode): string {
  return FUSED_OPS.has(node.op) ? `${node.op}[${attrStrings(node, 'fused_ops').join(',')}]` : node.op;
}

function unsupportedReason(node: TfjsNode): string | undefined {
  if (!SUPPORTED_TFJS_OPS.includes(node.op)) return `op ${node.op}`;
  if (FUSED_OPS.has(node.op)) {
    const ops = attrStrings(node, 'fused_ops');
    const okShape = ops.length === 0 || (ops[0] === 'BiasAdd' && ops.length <= 2 && (ops.length === 1 || FUSED_ACTIVATIONS.includes(ops[1])));
    if (!okShape) return `${node.op} with fused_ops [${ops.join(', ')}] (supported: BiasAdd optionally followed by ${FUSED_ACTIVATIONS.join('/')})`;
  }
  const fmt = node.attr?.data_format ? attrString(node, 'data_format') : 'NHWC';
  if (fmt !== 'NHWC') return `${node.op} with data_format ${fmt} (only NHWC)`;
  return undefined;
}

/**
 * Converts a TFJS graph model to ONNX.
 * @param modelJson parsed `model.json` (see parseTfjsModelJson)
 * @param weightData the `.bin` shards of every weight group, concatenated in manifest order
 * @throws TfjsConversionError `tfjs-unsupported-op` listing every unsupported op (with example nodes) at once,
 *   or `tfjs-invalid-graph` for dangling inputs, non-constant weights and similar.
 */
export function convertTfjsGraph(modelJson: TfjsModelJson, weightData: Uint8Array, options: ConvertTfjsGraphOptions): ConvertedTfjsGraph {
  return new TfjsGraphConverter(modelJson, weightData, options).run();
}

class TfjsGraphConverter {
  private readonly g: GraphBuilder;
  private readonly nodes = new Map<string, TfjsNode>();
  private readonly weights: Map<string, TfjsWeight>;
  private readonly vals = new Map<string, Val>();
  private readonly opCounts: Record<string, number> = {};
  private readonly keepFloat16: boolean;
  private usedFloat16 = false;
  private readonly inputs: ConvertedIo[] = [];

  constructor(
    private readonly model: TfjsModelJson,
    weightData: Uint8Array,
    private readonly options: ConvertTfjsGraphOptions,
  ) {
    for (const n of model.modelTopology.node) this.nodes.set(n.name, n);
    this.weights = decodeTfjsWeights(model.weightsManifest, weightData);
    this.keepFloat16 = options.keepFloat16 ?? true;
    this.g = new GraphBuilder({ name: options.name, opset: 17, docString: options.docString });
  }

  run(): ConvertedTfjsGraph {
    const outputs = this.outputList();
    this.checkSupported(outputs.map((o) => nodeNameOf(o.tfName).node));
    const converted: ConvertedIo[] = [];
    for (const o of outputs) {
      const v = this.value(o.tfName);
      const name = o.name ?? nodeNameOf(o.tfName).node;
      const shape = o.shape ? o.shape.map(dimOf) : Array.from({ length: v.rank }, (_, i) => `${name}_d${i}`);
      if (shape.length !== v.rank) throw new TfjsConversionError('tfjs-invalid-graph', `output ${o.tfName}: shape [${shape.join(', ')}] has rank ${shape.length}, the graph gives rank ${v.rank}`);
      this.g.output(this.tf(v), 'float32', shape, name);
      converted.push({ name, dtype: 'float32', shape });
    }
    return {
      model: this.g.build(),
      inputs: this.inputs,
      outputs: converted,
      opCounts: this.opCounts,
      precision: this.usedFloat16 ? 'mixed' : 'fp32',
    };
  }

  /** Requested outputs, else the signature's (with shapes), else the graph's sinks. */
  private outputList(): TfjsGraphIo[] {
    if (this.options.outputs?.length) {
      const sig = tfjsSignature(this.model).outputs ?? {};
      return this.options.outputs.map((o) => {
        const fromSig = Object.values(sig).find((s) => nodeNameOf(s.name).node === nodeNameOf(o.tfName).node);
        return { ...o, shape: o.shape ?? sigShape(fromSig?.tensorShape) };
      });
    }
    const sig = tfjsSignature(this.model).outputs;
    if (sig && Object.keys(sig).length) {
      return Object.entries(sig).map(([key, s]) => ({ tfName: s.name, name: key.replace(/:0$/, ''), shape: sigShape(s.tensorShape) }));
    }
    const consumed = new Set<string>();
    for (const n of this.nodes.values()) for (const i of n.input ?? []) consumed.add(nodeNameOf(i).node);
    return [...this.nodes.values()].filter((n) => !consumed.has(n.name) && n.op !== 'Const').map((n) => ({ tfName: n.name }));
  }

  /** Walks the nodes the outputs depend on and reports every unsupported op in one error. */
  private checkSupported(roots: string[]): void {
    const seen = new Set<string>();
    const bad = new Map<string, string[]>();
    const missing: string[] = [];
    const stack = [...roots];
    while (stack.length) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const node = this.nodes.get(name);
      if (!node) {
        missing.push(name);
        continue;
      }
      const reason = unsupportedReason(node);
      if (reason) bad.set(reason, [...(bad.get(reason) ?? []), node.name]);
      for (const i of node.input ?? []) if (!i.startsWith('^')) stack.push(nodeNameOf(i).node);
    }
    if (missing.length) throw new TfjsConversionError('tfjs-invalid-graph', `graph references missing nodes: ${missing.join(', ')}`, missing);
    if (bad.size) {
      const problems = [...bad].map(([reason, names]) => `${reason}: ${names.length} node(s), e.g. ${names.slice(0, 3).join(', ')}`);
      throw new TfjsConversionError(
        'tfjs-unsupported-op',
        `cannot convert "${this.options.name}": unsupported ${problems.join('; ')}. Supported ops: ${SUPPORTED_TFJS_OPS.join(', ')}`,
        problems,
      );
    }
  }

  /** The converted value of a TF tensor reference, converting its node (and inputs) on first use. */
  private value(ref: string): Val {
    const { node: name, index } = nodeNameOf(ref);
    if (index !== 0) throw new TfjsConversionError('tfjs-invalid-graph', `input "${ref}": only single-output ops are supported`);
    const known = this.vals.get(name);
    if (known) return known;
    const node = this.nodes.get(name);
    if (!node) throw new TfjsConversionError('tfjs-invalid-graph', `input "${ref}" names no node`);
    // Inputs first, outside this node's scope: otherwise scopes would nest along the whole dependency chain.
    for (const i of node.input ?? []) if (!i.startsWith('^')) this.value(i);
    const v = this.g.scope(name, () => this.convertNode(node));
    this.vals.set(name, v);
    if (node.op !== 'Const') this.opCounts[opKey(node)] = (this.opCounts[opKey(node)] ?? 0) + 1;
    return v;
  }

  private args(node: TfjsNode): Val[] {
    return (node.input ?? []).filter((i) => !i.startsWith('^')).map((i) => this.value(i));
  }

  // ---- layout materialisation -------------------------------------------------------------------

  /** ONNX value of `v` in TF layout. */
  private tf(v: Val): string {
    if (v.tf) return v.tf;
    if (v.weight) return (v.tf = this.weightInit('const', v.weight, v.weight.shape));
    v.tf = this.g.node('Transpose', [v.nchw!], { perm: NCHW_TO_NHWC }, { name: 'to_nhwc' });
    return v.tf;
  }

  /** ONNX value of rank-4 `v` in NCHW layout. */
  private nchw(v: Val): string {
    if (v.nchw) return v.nchw;
    if (v.rank !== 4) throw new TfjsConversionError('tfjs-invalid-graph', `${v.from}: expected a rank-4 tensor, got rank ${v.rank}`);
    if (v.weight) return (v.nchw = this.constFor(v, 'nchw'));
    v.nchw = this.g.node('Transpose', [v.tf!], { perm: NHWC_TO_NCHW }, { name: 'to_nchw' });
    return v.nchw;
  }

  /** Whether an op on rank-4 `v` should run in NCHW (it already exists there). */
  private prefersNchw(v: Val): boolean {
    return v.rank === 4 && v.nchw !== undefined;
  }

  /** Initializer for a float or int weight; float16-stored weights become float16 + Cast. */
  private weightInit(hint: string, w: TfjsWeight, dims: number[], data?: Float32Array | Int32Array, bits?: Uint16Array): string {
    if (w.dtype === 'int32') return this.g.constant(hint, { dtype: 'int32', dims, data: (data as Int32Array | undefined) ?? w.data });
    if (w.dtype === 'bool') return this.g.constant(hint, { dtype: 'bool', dims, data: w.data });
    const f16 = bits ?? (data ? undefined : w.float16Bits);
    if (f16 && this.keepFloat16) {
      this.usedFloat16 = true;
      const half = this.g.constant(`${hint}_fp16`, { dtype: 'float16', dims, data: f16 });
      return this.g.node('Cast', [half], { to: FLOAT }, { name: `${hint}_cast` });
    }
    return this.g.constant(hint, { dtype: 'float32', dims, data: (data as Float32Array | undefined) ?? w.data });
  }

  /** A weight permuted (`perm`) and reshaped (`dims`), keeping float16 storage. */
  private permutedWeight(hint: string, w: TfjsWeight, perm: number[], dims?: number[]): string {
    if (w.dtype === 'bool') throw new TfjsConversionError('tfjs-invalid-graph', `${hint}: bool weights cannot be transposed`);
    const p = permuteTensor(w.data, w.shape, perm);
    const bits = w.dtype === 'float32' && w.float16Bits ? permuteTensor(w.float16Bits, w.shape, perm).data : undefined;
    return this.weightInit(hint, w, dims ?? p.shape, p.data, bits);
  }

  /**
   * A constant operand for an op whose other operand is in `layout`: unchanged for TF layout; for NCHW the
   * constant is read as NHWC-broadcast (padded with leading 1s to rank 4) and transposed to NCHW.
   */
  private constFor(v: Val, layout: 'tf' | 'nchw'): string {
    const w = v.weight!;
    if (layout === 'tf' || w.shape.length === 0) return this.tf(v);
    if (w.shape.length > 4) throw new TfjsConversionError('tfjs-invalid-graph', `${v.from}: rank-${w.shape.length} constant cannot broadcast against NCHW`);
    const padded = [...Array(4 - w.shape.length).fill(1), ...w.shape];
    return this.permutedWeight('const_nchw', { ...w, shape: padded } as TfjsWeight, NHWC_TO_NCHW);
  }

  private ints(v: Val, what: string): number[] {
    if (!v.weight || v.weight.dtype !== 'int32') throw new TfjsConversionError('tfjs-invalid-graph', `${v.from}: ${what} must be an int32 constant`);
    return Array.from(v.weight.data);
  }

  private floatScalar(v: Val, what: string): number {
    if (!v.weight || v.weight.data.length !== 1) throw new TfjsConversionError('tfjs-invalid-graph', `${v.from}: ${what} must be a scalar constant`);
    return Number(v.weight.data[0]);
  }

  // ---- node conversion --------------------------------------------------------------------------

  private convertNode(node: TfjsNode): Val {
    const from = `node "${node.name}" (${node.op})`;
    const g = this.g;
    switch (node.op) {
      case 'Const': {
        const w = this.weights.get(node.name);
        if (!w) throw new TfjsConversionError('tfjs-invalid-graph', `${from}: no weight of that name in weightsManifest`);
        return { rank: w.shape.length, weight: w, from };
      }
      case 'Placeholder':
        return this.placeholder(node, from);
      case 'Identity':
        return this.args(node)[0];
      case 'Conv2D':
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative':
      case 'DepthwiseConv2d':
      case 'FusedDepthwiseConv2dNative':
        return this.conv(node, from);
      case 'MatMul':
      case '_FusedMatMul':
        return this.matMul(node, from);
      case 'Add':
      case 'AddV2':
      case 'BiasAdd':
        return this.binary('Add', node, from);
      case 'Sub':
        return this.binary('Sub', node, from);
      case 'Mul':
        return this.binary('Mul', node, from);
      case 'RealDiv':
        return this.binary('Div', node, from);
      case 'Maximum':
        return this.binary('Max', node, from);
      case 'Minimum':
        return this.binary('Min', node, from);
      case 'Prelu': {
        const [x, alpha] = this.args(node);
        const layout = this.prefersNchw(x) ? 'nchw' : 'tf';
        const slope = alpha.weight ? this.constFor(alpha, layout) : layout === 'nchw' ? this.nchw(alpha) : this.tf(alpha);
        return this.wrap(x.rank, layout, g.node('PRelu', [layout === 'nchw' ? this.nchw(x) : this.tf(x), slope]), from);
      }
      case 'Relu':
      case 'Relu6':
      case 'Elu':
      case 'LeakyRelu':
      case 'Sigmoid':
      case 'Tanh':
        return this.unary(this.args(node)[0], from, (x) => this.activation(node.op, x, node));
      case 'Exp':
      case 'Log':
      case 'Sqrt':
      case 'Neg':
      case 'Abs':
        return this.unary(this.args(node)[0], from, (x) => g.node(node.op, [x]));
      case 'Rsqrt':
        return this.unary(this.args(node)[0], from, (x) => g.node('Reciprocal', [g.node('Sqrt', [x])]));
      case 'Square':
        return this.unary(this.args(node)[0], from, (x) => g.node('Mul', [x, x]));
      case 'MaxPool':
      case 'AvgPool':
        return this.pool(node, from);
      case 'Pad':
      case 'PadV2':
        return this.pad(node, from);
      case 'Mean':
      case 'Sum':
        return this.reduce(node, from);
      case 'Softmax': {
        const [x] = this.args(node);
        // TF's Softmax works on the last axis, which is axis 1 (channels) of the NCHW form.
        if (this.prefersNchw(x) && !x.tf) return this.wrap(4, 'nchw', g.node('Softmax', [x.nchw!], { axis: 1 }), from);
        return this.wrap(x.rank, 'tf', g.node('Softmax', [this.tf(x)], { axis: -1 }), from);
      }
      case 'Reshape': {
        const [x, shapeV] = this.args(node);
        const shape = this.ints(shapeV, 'the target shape');
        // ONNX reads 0 as "copy this dim" unless allowzero=1; TF means a real zero-size dim.
        const attrs = shape.includes(0) ? { allowzero: 1 } : {};
        return this.wrap(shape.length, 'tf', g.node('Reshape', [this.tf(x), g.constI64('shape', shape)], attrs), from);
      }
      case 'Squeeze': {
        const [x] = this.args(node);
        const axes = attrInts(node, 'squeeze_dims', []).map((a) => (a < 0 ? a + x.rank : a));
        if (!axes.length) throw new TfjsConversionError('tfjs-invalid-graph', `${from}: Squeeze without squeeze_dims needs static shapes, which the converter does not track`);
        return this.wrap(x.rank - axes.length, 'tf', g.node('Squeeze', [this.tf(x), g.constI64('axes', axes)]), from);
      }
      case 'ExpandDims': {
        const [x, axisV] = this.args(node);
        let axis = this.ints(axisV, 'the axis')[0];
        if (axis < 0) axis += x.rank + 1;
        return this.wrap(x.rank + 1, 'tf', g.node('Unsqueeze', [this.tf(x), g.constI64('axes', [axis])]), from);
      }
      case 'Transpose': {
        const [x, permV] = this.args(node);
        return this.wrap(x.rank, 'tf', g.node('Transpose', [this.tf(x)], { perm: this.ints(permV, 'the permutation') }), from);
      }
      case 'ConcatV2':
        return this.concat(node, from);
      case 'StridedSlice':
        return this.stridedSlice(node, from);
      default:
        throw new TfjsConversionError('tfjs-unsupported-op', `${from}: unsupported op`);
    }
  }

  private wrap(rank: number, layout: 'tf' | 'nchw', name: string, from: string): Val {
    return layout === 'tf' ? { rank, tf: name, from } : { rank, nchw: name, from };
  }

  private placeholder(node: TfjsNode, from: string): Val {
    const dtype = attrType(node, 'dtype');
    if (dtype !== undefined && dtype !== 'DT_FLOAT') throw new TfjsConversionError('tfjs-invalid-graph', `${from}: input dtype ${dtype} is not supported (only DT_FLOAT)`);
    const opt = this.options.inputs?.find((i) => nodeNameOf(i.tfName).node === node.name);
    const name = opt?.name ?? node.name;
    const raw = opt?.shape ?? attrShape(node, 'shape');
    if (!raw) throw new TfjsConversionError('tfjs-invalid-graph', `${from}: input has unknown rank; pass its shape in options.inputs`);
    const shape = raw.map((d, i) => (d === -1 ? (i === 0 ? 'batch' : `${name}_d${i}`) : d));
    this.g.input(name, 'float32', shape);
    this.inputs.push({ name, dtype: 'float32', shape });
    return { rank: shape.length, tf: name, from };
  }

  /** Applies an elementwise op to whichever form of `x` exists (NCHW preferred), keeping that layout. */
  private unary(x: Val, from: string, op: (name: string) => string): Val {
    if (x.weight) throw new TfjsConversionError('tfjs-invalid-graph', `${from}: elementwise op on a constant (fold it before converting)`);
    return this.prefersNchw(x) ? this.wrap(4, 'nchw', op(x.nchw!), from) : this.wrap(x.rank, 'tf', op(this.tf(x)), from);
  }

  /** A (fused or standalone) activation; `alpha` is Prelu's slope operand. */
  private activation(op: string, x: string, node: TfjsNode, alpha?: { v: Val; layout: 'tf' | 'nchw' }): string {
    const g = this.g;
    switch (op) {
      case 'Relu':
        return g.node('Relu', [x]);
      case 'Relu6':
        return g.node('Clip', [x, g.scalarF32('zero', 0), g.scalarF32('six', 6)]);
      case 'Elu':
        return g.node('Elu', [x]);
      case 'LeakyRelu':
        // tfjs reads `leakyrelu_alpha` on fused ops and `alpha` on the plain op; both default to 0.2.
        return g.node('LeakyRelu', [x], { alpha: f(attrFloat(node, node.attr?.leakyrelu_alpha ? 'leakyrelu_alpha' : 'alpha', 0.2)) });
      case 'Sigmoid':
        return g.node('Sigmoid', [x]);
      case 'Tanh':
        return g.node('Tanh', [x]);
      case 'Prelu': {
        if (!alpha) throw new TfjsConversionError('tfjs-invalid-graph', `node "${node.name}": fused Prelu without its alpha argument (num_args must be 2)`);
        const slope = alpha.v.weight ? this.constFor(alpha.v, alpha.layout) : alpha.layout === 'nchw' ? this.nchw(alpha.v) : this.tf(alpha.v);
        return g.node('PRelu', [x, slope]);
      }
      default:
        throw new TfjsConversionError('tfjs-unsupported-op', `node "${node.name}": activation ${op}`);
    }
  }

  /** Add/Sub/Mul/Div/Max/Min with numpy broadcasting, in NCHW when an operand already is. */
  private binary(onnxOp: string, node: TfjsNode, from: string): Val {
    const [a, b] = this.args(node);
    const rank = Math.max(a.rank, b.rank);
    const acts = [a, b].filter((v) => !v.weight);
    let layout: 'tf' | 'nchw' = 'tf';
    if (acts.length === 2) layout = a.rank === 4 && b.rank === 4 && (this.prefersNchw(a) || this.prefersNchw(b)) ? 'nchw' : 'tf';
    else if (acts.length === 1) layout = this.prefersNchw(acts[0]) ? 'nchw' : 'tf';
    const operand = (v: Val) => (v.weight ? this.constFor(v, layout) : layout === 'nchw' ? this.nchw(v) : this.tf(v));
    return this.wrap(rank, layout, this.g.node(onnxOp, [operand(a), operand(b)]), from);
  }

  /** TF padding → ONNX attrs. TF SAME puts the odd pixel at the end, which is SAME_UPPER. */
  private padAttrs(node: TfjsNode): { auto_pad?: string; pads?: number[] } {
    const padding = attrString(node, 'padding');
    if (padding === 'SAME') return { auto_pad: 'SAME_UPPER' };
    if (padding === 'VALID') return { pads: [0, 0, 0, 0] };
    if (padding === 'EXPLICIT') {
      const e = attrInts(node, 'explicit_paddings');
      return { pads: [e[2], e[4], e[3], e[5]] };
    }
    throw new TfjsConversionError('tfjs-invalid-graph', `node "${node.name}": padding ${padding} is not SAME, VALID or EXPLICIT`);
  }

  private conv(node: TfjsNode, from: string): Val {
    const [x, filter, ...extra] = this.args(node);
    if (!filter.weight || filter.rank !== 4) throw new TfjsConversionError('tfjs-invalid-graph', `${from}: the filter must be a rank-4 constant`);
    const depthwise = node.op.includes('Depthwise');
    const fused = attrStrings(node, 'fused_ops');
    const strides = attrInts(node, 'strides', [1, 1, 1, 1]);
    const dilations = attrInts(node, 'dilations', [1, 1, 1, 1]);
    const [kh, kw, ci, co] = filter.weight.shape;
    // Depthwise [H,W,C,M] → [C,M,H,W] → [C·M,1,H,W]: ONNX group conv's output channel c·M+m is TF's.
    const w = depthwise
      ? this.permutedWeight('filter', filter.weight, [2, 3, 0, 1], [ci * co, 1, kh, kw])
      : this.permutedWeight('filter', filter.weight, [3, 2, 0, 1]);
    const inputs = [this.nchw(x), w];
    if (fused[0] === 'BiasAdd') inputs.push(this.tf(extra[0]));
    let y = this.g.node('Conv', inputs, {
      kernel_shape: [kh, kw],
      strides: [strides[1], strides[2]],
      dilations: [dilations[1], dilations[2]],
      group: depthwise ? ci : undefined,
      ...this.padAttrs(node),
    });
    if (fused[1]) y = this.activation(fused[1], y, node, { v: extra[1], layout: 'nchw' });
    return this.wrap(4, 'nchw', y, from);
  }

  private matMul(node: TfjsNode, from: string): Val {
    const [a, b, ...extra] = this.args(node);
    const fused = attrStrings(node, 'fused_ops');
    const transA = attrBool(node, 'transpose_a') ? 1 : 0;
    const transB = attrBool(node, 'transpose_b') ? 1 : 0;
    let y: string;
    if (a.rank === 2 && b.rank === 2) {
      const inputs = [this.tf(a), this.tf(b)];
      if (fused[0] === 'BiasAdd') inputs.push(this.tf(extra[0]));
      y = this.g.node('Gemm', inputs, { transA, transB });
    } else {
      if (transA || transB) throw new TfjsConversionError('tfjs-invalid-graph', `${from}: transposed operands are only supported for rank-2 MatMul`);
      y = this.g.node('MatMul', [this.tf(a), this.tf(b)]);
      if (fused[0] === 'BiasAdd') y = this.g.node('Add', [y, this.tf(extra[0])]);
    }
    if (fused[1]) y = this.activation(fused[1], y, node, { v: extra[1], layout: 'tf' });
    return this.wrap(Math.max(a.rank, b.rank), 'tf', y, from);
  }

  private pool(node: TfjsNode, from: string): Val {
    const [x] = this.args(node);
    const k = attrInts(node, 'ksize');
    const s = attrInts(node, 'strides');
    if (k[0] !== 1 || k[3] !== 1 || s[0] !== 1 || s[3] !== 1) throw new TfjsConversionError('tfjs-invalid-graph', `${from}: pooling over batch or channels is not supported`);
    const attrs = { kernel_shape: [k[1], k[2]], strides: [s[1], s[2]], ...this.padAttrs(node) };
    // TF's AvgPool divides by the number of real (unpadded) pixels, ONNX's count_include_pad=0.
    const y = node.op === 'MaxPool' ? this.g.node('MaxPool', [this.nchw(x)], attrs) : this.g.node('AveragePool', [this.nchw(x)], { ...attrs, count_include_pad: 0 });
    return this.wrap(4, 'nchw', y, from);
  }

  private pad(node: TfjsNode, from: string): Val {
    const [x, padV, valueV] = this.args(node);
    const p = this.ints(padV, 'the paddings');
    const layout = this.prefersNchw(x) ? 'nchw' : 'tf';
    const order = layout === 'nchw' ? NHWC_TO_NCHW : Array.from({ length: x.rank }, (_, i) => i);
    const pads = [...order.map((a) => p[2 * a]), ...order.map((a) => p[2 * a + 1])];
    const inputs = [layout === 'nchw' ? this.nchw(x) : this.tf(x), this.g.constI64('pads', pads)];
    if (valueV) inputs.push(this.g.scalarF32('value', this.floatScalar(valueV, 'the pad value')));
    return this.wrap(x.rank, layout, this.g.node('Pad', inputs, { mode: 'constant' }), from);
  }

  private reduce(node: TfjsNode, from: string): Val {
    const [x, axesV] = this.args(node);
    const keep = attrBool(node, 'keep_dims');
    const axes = [...new Set(this.ints(axesV, 'the reduction axes').map((a) => (a < 0 ? a + x.rank : a)))];
    // In NCHW the kept axes come out in TF order only if C is reduced or H and W both are (or keep_dims).
    const nchwOk = this.prefersNchw(x) && (keep || axes.includes(3) || (axes.includes(1) && axes.includes(2)));
    const layout = nchwOk ? 'nchw' : 'tf';
    const onnxAxes = layout === 'nchw' ? axes.map((a) => NHWC_TO_NCHW.indexOf(a)) : axes;
    const input = layout === 'nchw' ? this.nchw(x) : this.tf(x);
    const keepdims = keep ? 1 : 0;
    // Opset 17: ReduceMean still takes axes as an attribute, ReduceSum (since 13) as an input.
    const y = node.op === 'Mean'
      ? this.g.node('ReduceMean', [input], { axes: onnxAxes, keepdims })
      : this.g.node('ReduceSum', [input, this.g.constI64('axes', onnxAxes)], { keepdims });
    const rank = keep ? x.rank : x.rank - axes.length;
    return this.wrap(rank, keep && layout === 'nchw' ? 'nchw' : 'tf', y, from);
  }

  private concat(node: TfjsNode, from: string): Val {
    const all = this.args(node);
    const parts = all.slice(0, -1);
    const rank = parts[0].rank;
    let axis = this.ints(all[all.length - 1], 'the axis')[0];
    if (axis < 0) axis += rank;
    const layout = rank === 4 && parts.some((v) => this.prefersNchw(v)) ? 'nchw' : 'tf';
    const names = parts.map((v) => (v.weight ? this.constFor(v, layout) : layout === 'nchw' ? this.nchw(v) : this.tf(v)));
    return this.wrap(rank, layout, this.g.node('Concat', names, { axis: layout === 'nchw' ? NHWC_TO_NCHW.indexOf(axis) : axis }), from);
  }

  /** StridedSlice without ellipsis/new-axis masks → Slice (+ Squeeze for shrink_axis_mask). */
  private stridedSlice(node: TfjsNode, from: string): Val {
    const [x, beginV, endV, stridesV] = this.args(node);
    if (attrInt(node, 'ellipsis_mask', 0) || attrInt(node, 'new_axis_mask', 0)) {
      throw new TfjsConversionError('tfjs-unsupported-op', `${from}: ellipsis_mask / new_axis_mask are not supported`);
    }
    const begin = this.ints(beginV, 'begin');
    const end = this.ints(endV, 'end');
    const strides = stridesV ? this.ints(stridesV, 'strides') : begin.map(() => 1);
    const beginMask = attrInt(node, 'begin_mask', 0);
    const endMask = attrInt(node, 'end_mask', 0);
    const shrinkMask = attrInt(node, 'shrink_axis_mask', 0);
    const starts: number[] = [];
    const ends: number[] = [];
    const steps: number[] = [];
    const shrink: number[] = [];
    begin.forEach((b, i) => {
      const bit = 1 << i;
      const step = shrinkMask & bit ? 1 : strides[i];
      let s = beginMask & bit ? (step > 0 ? 0 : BIG) : b;
      let e = endMask & bit ? (step > 0 ? BIG : -BIG) : end[i];
      if (shrinkMask & bit) {
        s = b;
        e = b === -1 ? BIG : b + 1;
        shrink.push(i);
      }
      starts.push(s);
      ends.push(e);
      steps.push(step);
    });
    const g = this.g;
    const axes = begin.map((_, i) => i);
    let y = g.node('Slice', [this.tf(x), g.constI64('starts', starts), g.constI64('ends', ends), g.constI64('axes', axes), g.constI64('steps', steps)]);
    if (shrink.length) y = g.node('Squeeze', [y, g.constI64('shrink_axes', shrink)]);
    return this.wrap(x.rank - shrink.length, 'tf', y, from);
  }
}

function dimOf(d: number | string, i: number): number | string {
  return typeof d === 'number' && d < 0 ? (i === 0 ? 'batch' : `d${i}`) : d;
}

function sigShape(shape: { dim?: { size?: string | number }[] } | undefined): (number | string)[] | undefined {
  if (!shape?.dim) return undefined;
  return shape.dim.map((d, i) => dimOf(Number(d.size ?? -1), i));
}
