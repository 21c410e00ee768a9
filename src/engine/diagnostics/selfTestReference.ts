/** Plain-JS forward pass of the self-test model, used to check a backend's output (float64 accumulation). */
import { selfTestLayers, type ConvLayer } from './selfTestModel';

function conv3x3(x: Float32Array, size: number, l: ConvLayer): Float32Array {
  const out = new Float32Array(l.outChannels * size * size);
  for (let o = 0; o < l.outChannels; o++) {
    for (let yy = 0; yy < size; yy++) {
      for (let xx = 0; xx < size; xx++) {
        let acc = l.bias[o];
        for (let c = 0; c < l.inChannels; c++) {
          for (let ky = 0; ky < 3; ky++) {
            const sy = yy + ky - 1;
            if (sy < 0 || sy >= size) continue;
            for (let kx = 0; kx < 3; kx++) {
              const sx = xx + kx - 1;
              if (sx < 0 || sx >= size) continue;
              acc += l.weight[((o * l.inChannels + c) * 3 + ky) * 3 + kx] * x[(c * size + sy) * size + sx];
            }
          }
        }
        out[(o * size + yy) * size + xx] = acc;
      }
    }
  }
  return out;
}

export function selfTestReference(x: Float32Array, size: number, channels?: number): Float32Array {
  const [l1, l2, l3] = selfTestLayers(channels);
  const relu = (a: Float32Array) => a.map((v) => (v > 0 ? v : 0));
  const h = relu(conv3x3(relu(conv3x3(x, size, l1)), size, l2));
  return conv3x3(h, size, l3).map((v) => 1 / (1 + Math.exp(-v)));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = d; // NaN propagates as a failure
  }
  return m;
}
