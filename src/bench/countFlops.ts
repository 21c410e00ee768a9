/**
 * @file FLOPs of one model evaluation counted from its ONNX graph: the multiply-accumulates of Conv,
 * MatMul/Gemm against weights, and attention (activation × activation MatMuls, or fused
 * MultiHeadAttention), × 2. Elementwise ops, norms and softmax are left out, as in the FLOP figures of
 * browser-anchors.md §5.1 (PyTorch FlopCounterMode: matmul/conv/attention only).
 */
import { decodeModel, type GraphObject, type ModelObject, type NodeObject } from '../onnx/onnxProto';
import { convDims, inferShapes, matmulDims, ShapeInferenceError } from './inferShapes';

/** FLOPs (2 × MACs) by kind, and their sum. */
export interface FlopCount {
  readonly conv: number;
  /** MatMul/Gemm with a weight operand (linear layers). */
  readonly linear: number;
  /** Q·Kᵀ and attention·V. */
  readonly attention: number;
  readonly total: number;
}

const prod = (d: readonly number[]) => d.reduce((a, b) => a * b, 1);

/** Values that are weights: initializers and what Cast/Identity/Transpose/Reshape make of them (fp16 storage). */
function weightValues(graph: GraphObject): Set<string> {
  const w = new Set((graph.initializer ?? []).map((t) => t.name!));
  for (const n of graph.node ?? []) {
    if (['Cast', 'Identity', 'Transpose', 'Reshape', 'Unsqueeze'].includes(n.op_type) && w.has(n.input[0])) w.add(n.output[0]);
  }
  return w;
}

function numHeads(n: NodeObject): number {
  const a = n.attribute?.find((x) => x.name === 'num_heads');
  return a?.i !== undefined ? Number(a.i) : 1;
}

/**
 * Counts the FLOPs of `model` (bytes or a decoded ModelObject) for static input dims.
 * @param inputDims sizes for graph inputs with free dimensions (or to override the declared ones)
 * @throws ShapeInferenceError when a shape cannot be followed
 */
export function countFlops(model: Uint8Array | ModelObject, inputDims: Record<string, readonly number[]> = {}): FlopCount {
  const m = model instanceof Uint8Array ? decodeModel(model) : model;
  const graph = m.graph;
  const shapes = inferShapes(graph, inputDims);
  const weights = weightValues(graph);
  const dims = (name: string) => {
    const s = shapes.get(name);
    if (!s) throw new ShapeInferenceError(`no shape for "${name}"`);
    return s.dims;
  };
  let conv = 0;
  let linear = 0;
  let attention = 0;
  for (const n of graph.node ?? []) {
    const where = `${n.op_type} "${n.name ?? ''}"`;
    if (n.op_type === 'Conv') {
      const w = dims(n.input[1]);
      const out = convDims(dims(n.input[0]), w, n, where);
      // Each output element: (C_in / group) · kH · kW MACs.
      conv += 2 * prod(out) * w[1] * w[2] * w[3];
    } else if (n.op_type === 'MatMul' || n.op_type === 'Gemm') {
      const a = dims(n.input[0]);
      const b = dims(n.input[1]);
      let macs: number;
      if (n.op_type === 'Gemm') {
        const transA = n.attribute?.find((x) => x.name === 'transA')?.i ? 1 : 0;
        macs = prod(dims(n.output[0])) * (transA ? a[0] : a[1]);
      } else {
        const k = a[a.length - 1];
        macs = prod(matmulDims(a, b, where)) * k;
      }
      if (weights.has(n.input[0]) || weights.has(n.input[1])) linear += 2 * macs;
      else attention += 2 * macs;
    } else if (n.op_type === 'MultiHeadAttention') {
      const q = dims(n.input[0]);
      const k = n.input[1] ? dims(n.input[1]) : q;
      const v = n.input[2] ? dims(n.input[2]) : k;
      // Per batch: S·L·D for Q·Kᵀ plus S·L·Dv for attention·V, summed over heads (D = heads · head size).
      void numHeads(n);
      attention += 2 * q[0] * q[1] * k[1] * (q[2] + v[2]);
    }
  }
  return { conv, linear, attention, total: conv + linear + attention };
}
