/**
 * @file Transposes the data of a dense row-major tensor (numpy `transpose` semantics), used to turn TF's
 * HWIO / NHWC constants into ONNX's OIHW / NCHW at conversion time instead of at run time.
 */

/** A typed array the converter stores weights in (float32 values or raw float16 bits). */
export type WeightArray = Float32Array | Uint16Array | Int32Array;

/** Returns `data` (shape `shape`) transposed so that output axis k is input axis `perm[k]`. */
export function permuteTensor<T extends WeightArray>(data: T, shape: readonly number[], perm: readonly number[]): { data: T; shape: number[] } {
  const rank = shape.length;
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new Error(`permuteTensor: perm [${perm.join(', ')}] is not a permutation of rank ${rank}`);
  }
  const outShape = perm.map((p) => shape[p]);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let k = rank - 1; k >= 0; k--) {
    inStrides[k] = s;
    s *= shape[k];
  }
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const stride = perm.map((p) => inStrides[p]);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = data[src];
    // Odometer over the output index; `src` follows it with the permuted input strides.
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]++;
      src += stride[k];
      if (idx[k] < outShape[k]) break;
      src -= stride[k] * outShape[k];
      idx[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}
