/**
 * @file Static shape inference over a decoded ONNX graph, just enough to count FLOPs: every value's
 * dims, plus the contents of the small integer tensors that Shape → Slice → Concat → Reshape chains
 * compute (the graph builders emit those for GroupNorm and attention reshapes). Covers the operators
 * src/onnx's builders write; any other operator is an error naming it, so a count is never silently partial.
 */
import type { AttributeObject, GraphObject, NodeObject, TensorObject } from '../onnx/onnxProto';

/** What is known about one value: its dims, and its contents when it is a small constant-foldable tensor. */
export interface ValueShape {
  readonly dims: readonly number[];
  readonly value?: readonly number[];
}

/** Thrown for graphs this inference cannot follow (free dimensions, unknown ops). */
export class ShapeInferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeInferenceError';
  }
}

/** Tensors up to this many elements keep their values (shape arithmetic is tiny). */
const MAX_FOLD = 64;

const SAME_SHAPE = new Set([
  'Identity', 'Cast', 'Sigmoid', 'Erf', 'Sin', 'Cos', 'Relu', 'Tanh', 'Sqrt', 'Exp', 'Neg', 'Softmax', 'Abs',
  'Reciprocal', 'InstanceNormalization', 'LayerNormalization', 'GroupNormalization', 'Dropout', 'Gelu', 'FastGelu',
  'Floor', 'Ceil', 'Log', 'Not', 'IsNaN', 'IsInf', 'SkipLayerNormalization',
]);
const BINARY: Record<string, ((a: number, b: number) => number) | null> = {
  Add: (a, b) => a + b, Sub: (a, b) => a - b, Mul: (a, b) => a * b, Div: (a, b) => Math.trunc(a / b),
  Pow: null, Max: (a, b) => Math.max(a, b), Min: (a, b) => Math.min(a, b), Equal: null, Less: null, Greater: null, And: null, Or: null,
};

const numel = (d: readonly number[]) => d.reduce((a, b) => a * b, 1);

function attr(n: NodeObject, name: string): AttributeObject | undefined {
  return n.attribute?.find((a) => a.name === name);
}
function attrInt(n: NodeObject, name: string, dflt: number): number {
  const a = attr(n, name);
  return a?.i !== undefined ? Number(a.i) : dflt;
}
function attrInts(n: NodeObject, name: string): number[] | undefined {
  const a = attr(n, name);
  return a?.ints && a.ints.length ? a.ints.map(Number) : undefined;
}

/** Values of a small initializer (int64/int32/float/double), or undefined when large or not decodable. */
export function tensorValues(t: TensorObject): number[] | undefined {
  const dims = (t.dims ?? []).map(Number);
  if (numel(dims) > MAX_FOLD) return undefined;
  if (t.int64_data?.length) return t.int64_data.map(Number);
  if (t.int32_data?.length) return t.int32_data.map(Number);
  if (t.float_data?.length) return t.float_data.map(Number);
  if (t.double_data?.length) return t.double_data.map(Number);
  const raw = t.raw_data;
  if (!raw || raw.byteLength === 0) return numel(dims) === 0 ? [] : undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  switch (t.data_type) {
    case 7: for (let i = 0; i < raw.byteLength; i += 8) out.push(Number(view.getBigInt64(i, true))); return out;
    case 6: for (let i = 0; i < raw.byteLength; i += 4) out.push(view.getInt32(i, true)); return out;
    case 1: for (let i = 0; i < raw.byteLength; i += 4) out.push(view.getFloat32(i, true)); return out;
    case 11: for (let i = 0; i < raw.byteLength; i += 8) out.push(view.getFloat64(i, true)); return out;
    default: return undefined;
  }
}

/** numpy broadcasting of two shapes. */
export function broadcast(a: readonly number[], b: readonly number[], where: string): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new ShapeInferenceError(`${where}: cannot broadcast [${a.join(',')}] with [${b.join(',')}]`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Output dims of ONNX/numpy MatMul. */
export function matmulDims(a: readonly number[], b: readonly number[], where: string): number[] {
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const k1 = a2[a2.length - 1];
  const k2 = b2[b2.length - 2];
  if (k1 !== k2) throw new ShapeInferenceError(`${where}: MatMul inner sizes differ ([${a.join(',')}] × [${b.join(',')}])`);
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2), where);
  const out = [...batch, a2[a2.length - 2], b2[b2.length - 1]];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.pop();
  return out;
}

const normAxis = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

function sliceRange(dim: number, start: number, end: number, step: number): number[] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  const idx: number[] = [];
  if (step > 0) {
    s = clamp(s, 0, dim);
    e = clamp(e, 0, dim);
    for (let i = s; i < e; i += step) idx.push(i);
  } else {
    s = clamp(s, -1, dim - 1);
    e = clamp(e, -1, dim - 1);
    for (let i = s; i > e; i += step) idx.push(i);
  }
  return idx;
}

/**
 * Infers dims (and small values) for every value of `graph`, in node order (the builders emit nodes
 * topologically sorted). `inputDims` overrides graph-input dims (e.g. to fix free dimensions).
 * @throws ShapeInferenceError for free dimensions, unknown operators or inconsistent shapes
 */
export function inferShapes(graph: GraphObject, inputDims: Record<string, readonly number[]> = {}): Map<string, ValueShape> {
  const values = new Map<string, ValueShape>();
  for (const t of graph.initializer ?? []) values.set(t.name!, { dims: (t.dims ?? []).map(Number), value: tensorValues(t) });
  for (const vi of graph.input ?? []) {
    if (values.has(vi.name)) continue;
    const given = inputDims[vi.name];
    const dims = given ? [...given] : (vi.type?.tensor_type?.shape?.dim ?? []).map((d) => {
      if (d.dim_value === undefined || d.dim_value === null || d.dim_param) {
        throw new ShapeInferenceError(`graph input "${vi.name}" has a free dimension "${d.dim_param ?? '?'}"; pass its size in inputDims`);
      }
      return Number(d.dim_value);
    });
    values.set(vi.name, { dims });
  }
  const get = (n: NodeObject, i: number): ValueShape => {
    const name = n.input[i];
    const v = values.get(name);
    if (!v) throw new ShapeInferenceError(`${n.op_type} "${n.name ?? ''}": input ${i} "${name}" has no known shape`);
    return v;
  };
  const has = (n: NodeObject, i: number) => n.input.length > i && n.input[i] !== '';
  const need = (n: NodeObject, i: number, what: string): readonly number[] => {
    const v = get(n, i).value;
    if (!v) throw new ShapeInferenceError(`${n.op_type} "${n.name ?? ''}": ${what} (input ${i}) is not a constant this inference can fold`);
    return v;
  };
  const set = (n: NodeObject, k: number, dims: readonly number[], value?: readonly number[]) =>
    values.set(n.output[k], value && value.length <= MAX_FOLD ? { dims, value } : { dims });

  for (const n of graph.node ?? []) {
    const op = n.op_type;
    const where = `${op} "${n.name ?? ''}"`;
    if (op in BINARY) {
      const a = get(n, 0);
      const b = get(n, 1);
      const dims = broadcast(a.dims, b.dims, where);
      const fn = BINARY[op];
      let value: number[] | undefined;
      if (fn && a.value && b.value && numel(dims) <= MAX_FOLD) {
        value = Array.from({ length: numel(dims) }, (_, i) => fn(a.value![a.value!.length === 1 ? 0 : i], b.value![b.value!.length === 1 ? 0 : i]));
      }
      set(n, 0, dims, value);
    } else if (SAME_SHAPE.has(op)) {
      const x = get(n, 0);
      set(n, 0, x.dims, op === 'Identity' || op === 'Cast' ? x.value : undefined);
      // LayerNormalization's optional mean/inv-std outputs are never used by our graphs.
    } else if (op === 'Where') {
      set(n, 0, broadcast(broadcast(get(n, 0).dims, get(n, 1).dims, where), get(n, 2).dims, where));
    } else if (op === 'Constant') {
      const t = attr(n, 'value')?.t;
      if (!t) throw new ShapeInferenceError(`${where}: only Constant with a 'value' tensor is supported`);
      set(n, 0, (t.dims ?? []).map(Number), tensorValues(t));
    } else if (op === 'Shape') {
      const dims = get(n, 0).dims;
      const r = dims.length;
      const start = normAxis(attrInt(n, 'start', 0), r);
      const end = attr(n, 'end') ? normAxis(attrInt(n, 'end', r), r) : r;
      const value = dims.slice(Math.max(0, start), Math.min(r, end));
      set(n, 0, [value.length], value);
    } else if (op === 'Reshape') {
      const x = get(n, 0);
      const target = need(n, 1, 'shape');
      const allowZero = attrInt(n, 'allowzero', 0) === 1;
      const dims = target.map((d, i) => (d === 0 && !allowZero ? x.dims[i] : d));
      const minus = dims.indexOf(-1);
      if (minus >= 0) {
        const rest = dims.filter((_, i) => i !== minus).reduce((a, b) => a * b, 1);
        dims[minus] = numel(x.dims) / rest;
      }
      if (numel(dims) !== numel(x.dims)) throw new ShapeInferenceError(`${where}: cannot reshape [${x.dims.join(',')}] to [${target.join(',')}]`);
      set(n, 0, dims, x.value);
    } else if (op === 'Transpose') {
      const x = get(n, 0);
      const perm = attrInts(n, 'perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
      set(n, 0, perm.map((p) => x.dims[p]));
    } else if (op === 'Concat') {
      const parts = n.input.map((_, i) => get(n, i));
      const axis = normAxis(attrInt(n, 'axis', 0), parts[0].dims.length);
      const dims = [...parts[0].dims];
      dims[axis] = parts.reduce((s, p) => s + p.dims[axis], 0);
      const value = parts.every((p) => p.value) && dims.length === 1 ? parts.flatMap((p) => [...p.value!]) : undefined;
      set(n, 0, dims, value);
    } else if (op === 'Split') {
      const x = get(n, 0);
      const axis = normAxis(attrInt(n, 'axis', 0), x.dims.length);
      const sizes = has(n, 1) ? need(n, 1, 'split') : attrInts(n, 'split') ?? Array(n.output.length).fill(x.dims[axis] / n.output.length);
      n.output.forEach((_, k) => {
        const dims = [...x.dims];
        dims[axis] = sizes[k];
        set(n, k, dims);
      });
    } else if (op === 'Slice') {
      const x = get(n, 0);
      const starts = need(n, 1, 'starts');
      const ends = need(n, 2, 'ends');
      const axes = has(n, 3) ? need(n, 3, 'axes') : starts.map((_, i) => i);
      const steps = has(n, 4) ? need(n, 4, 'steps') : starts.map(() => 1);
      const dims = [...x.dims];
      let value = x.value ? [...x.value] : undefined;
      axes.forEach((a0, i) => {
        const a = normAxis(a0, dims.length);
        const idx = sliceRange(x.dims[a], starts[i], ends[i], steps[i]);
        dims[a] = idx.length;
        if (value && x.dims.length === 1) value = idx.map((j) => value![j]);
      });
      set(n, 0, dims, x.dims.length === 1 ? value : undefined);
    } else if (op === 'Unsqueeze' || op === 'Squeeze') {
      const x = get(n, 0);
      const axes = has(n, 1) ? need(n, 1, 'axes') : attrInts(n, 'axes');
      let dims: number[];
      if (op === 'Unsqueeze') {
        const r = x.dims.length + axes!.length;
        const ax = new Set(axes!.map((a) => normAxis(a, r)));
        const src = [...x.dims];
        dims = Array.from({ length: r }, (_, i) => (ax.has(i) ? 1 : src.shift()!));
      } else {
        const ax = new Set((axes ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normAxis(a, x.dims.length)));
        dims = x.dims.filter((_, i) => !ax.has(i));
      }
      set(n, 0, dims, x.value);
    } else if (op === 'Gather') {
      const x = get(n, 0);
      const idx = get(n, 1);
      const axis = normAxis(attrInt(n, 'axis', 0), x.dims.length);
      const dims = [...x.dims.slice(0, axis), ...idx.dims, ...x.dims.slice(axis + 1)];
      const value = x.value && idx.value && x.dims.length === 1 ? idx.value.map((i) => x.value![i < 0 ? i + x.dims[0] : i]) : undefined;
      set(n, 0, dims, value);
    } else if (op === 'Expand') {
      set(n, 0, broadcast(get(n, 0).dims, need(n, 1, 'shape'), where));
    } else if (op === 'Resize') {
      const x = get(n, 0);
      const sizes = has(n, 3) ? need(n, 3, 'sizes') : undefined;
      const scales = !sizes && has(n, 2) ? need(n, 2, 'scales') : undefined;
      if (!sizes && !scales) throw new ShapeInferenceError(`${where}: needs scales or sizes`);
      set(n, 0, sizes ? [...sizes] : x.dims.map((d, i) => Math.floor(d * scales![i])));
    } else if (op === 'Conv') {
      set(n, 0, convDims(get(n, 0).dims, get(n, 1).dims, n, where));
    } else if (op === 'MatMul') {
      set(n, 0, matmulDims(get(n, 0).dims, get(n, 1).dims, where));
    } else if (op === 'Gemm') {
      const a = get(n, 0).dims;
      const b = get(n, 1).dims;
      const m = attrInt(n, 'transA', 0) ? a[1] : a[0];
      const nn = attrInt(n, 'transB', 0) ? b[0] : b[1];
      set(n, 0, [m, nn]);
    } else if (op === 'ReduceMean' || op === 'ReduceSum' || op === 'ReduceMax') {
      const x = get(n, 0);
      const axes = (has(n, 1) ? need(n, 1, 'axes') : attrInts(n, 'axes') ?? x.dims.map((_, i) => i)).map((a) => normAxis(a, x.dims.length));
      const keep = attrInt(n, 'keepdims', 1) === 1;
      const dims = keep ? x.dims.map((d, i) => (axes.includes(i) ? 1 : d)) : x.dims.filter((_, i) => !axes.includes(i));
      set(n, 0, dims);
    } else if (op === 'MultiHeadAttention') {
      const q = get(n, 0).dims;
      const v = has(n, 2) ? get(n, 2).dims : q;
      set(n, 0, [q[0], q[1], v[2]]);
    } else {
      throw new ShapeInferenceError(`${where}: operator not supported by the bench's shape inference`);
    }
  }
  return values;
}

/** Output dims of a 2-D Conv (NCHW) with explicit pads (auto_pad NOTSET, as our builders write). */
export function convDims(x: readonly number[], w: readonly number[], n: NodeObject, where: string): number[] {
  if (x.length !== 4 || w.length !== 4) throw new ShapeInferenceError(`${where}: only 2-D Conv is supported`);
  const group = attrInt(n, 'group', 1);
  if (x[1] !== w[1] * group) throw new ShapeInferenceError(`${where}: ${x[1]} input channels do not fit weights [${w.join(',')}] with group ${group}`);
  const pads = attrInts(n, 'pads') ?? [0, 0, 0, 0];
  const strides = attrInts(n, 'strides') ?? [1, 1];
  const dil = attrInts(n, 'dilations') ?? [1, 1];
  const out = (i: 0 | 1) => Math.floor((x[2 + i] + pads[i] + pads[i + 2] - dil[i] * (w[2 + i] - 1) - 1) / strides[i]) + 1;
  return [x[0], w[0], out(0), out(1)];
}
