/**
 * @file Element-wise float32 kernels that round after every operation (Math.fround), reproducing
 * torch float32 tensor arithmetic `a * x + b * y` etc. where the scalars are 0-dim float32 tensors.
 */
const f = Math.fround;

/** out_i = f(f(a * x_i) + f(b * y_i)). */
export function axpby(a: number, x: Float32Array, b: number, y: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(a * x[i]) + f(b * y[i]);
  return out;
}

/** out_i = f(x_i * a). */
export function scale(x: Float32Array, a: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * a;
  return out;
}

/** out_i = f(x_i / d) (true division, as torch does; not multiplication by 1/d). */
export function divide(x: Float32Array, d: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] / d;
  return out;
}

/** out_i = f(f(x_i - f(a * y_i)) / d): the epsilon -> x0 conversion `(sample - a * eps) / d`. */
export function subScaledThenDivide(x: Float32Array, a: number, y: Float32Array, d: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i] - f(a * y[i])) / d;
  return out;
}
