/**
 * @file `torch.nn.Linear` as ONNX MatMul (+ Add): y = x · Wᵀ + b for inputs of any rank
 * (Gemm would need 2-D inputs). The weight is stored pre-transposed, [in, out], so MatMul needs no
 * Transpose node; optional fp16 storage is handled by a Cast back to float32 right after the
 * initializer (compute stays float32, only the download shrinks).
 */
import type { GraphBuilder } from '../graphBuilder';

/** torch Linear parameters as in the checkpoint: weight float32 [out, in] row-major, bias [out]. */
export interface LinearLayerParams {
  weight: Float32Array;
  /** [out, in] */
  weightShape: readonly number[];
  bias?: Float32Array;
}

/** Options for {@link linearLayer}. */
export interface LinearLayerOptions {
  /**
   * Called with each initializer name that may be stored as float16 (the weight and bias get a
   * Cast-to-float32 node after them when given). Without it, weights are consumed directly as float32.
   */
  castFromFloat16?: (initializerName: string) => void;
}

/** Transposes a row-major [rows, cols] matrix into a new [cols, rows] one. */
export function transposeMatrix(data: Float32Array, rows: number, cols: number): Float32Array {
  if (data.length !== rows * cols) throw new Error(`transposeMatrix: ${data.length} elements is not ${rows}×${cols}`);
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[row + c];
  }
  return out;
}

/**
 * Adds initializers `<name>.weight` (transposed to [in, out]) and `<name>.bias`, plus MatMul/Add nodes.
 * @param x float32 [..., in]
 * @returns float32 [..., out]
 */
export function linearLayer(g: GraphBuilder, x: string, name: string, params: LinearLayerParams, opts: LinearLayerOptions = {}): string {
  const [out, inp] = params.weightShape;
  if (params.weightShape.length !== 2 || params.weight.length !== out * inp) {
    throw new Error(`linearLayer ${name}: weight shape [${params.weightShape.join(', ')}] does not hold ${params.weight.length} elements as [out, in]`);
  }
  if (params.bias && params.bias.length !== out) throw new Error(`linearLayer ${name}: bias has ${params.bias.length} elements, expected ${out}`);
  const use = (init: string): string => {
    if (!opts.castFromFloat16) return init;
    opts.castFromFloat16(init);
    return g.node('Cast', [init], { to: 1 /* FLOAT */ }, { name: `${init}.cast` });
  };
  const w = use(g.initializer(`${name}.weight`, { dtype: 'float32', dims: [inp, out], data: transposeMatrix(params.weight, out, inp) }));
  const y = g.node('MatMul', [x, w], {}, { name: `${name}.matmul` });
  if (!params.bias) return y;
  const b = use(g.initializer(`${name}.bias`, { dtype: 'float32', dims: [out], data: params.bias }));
  return g.node('Add', [y, b], {}, { name: `${name}.add` });
}
