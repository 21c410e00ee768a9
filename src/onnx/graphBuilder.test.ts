import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { f, floats } from './attributes';
import { float16BitsToFloat32 } from './float16';
import { GraphBuilder } from './graphBuilder';
import { readModel } from './readModel';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

/** Seeded LCG so weights are reproducible without Math.random. */
function seeded(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>, options?: ort.InferenceSession.SessionOptions) {
  const session = await ort.InferenceSession.create(model, options);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Naive NCHW conv, stride 1, symmetric zero padding. */
function conv2d(x: Float32Array, [n, c, h, w]: number[], wt: Float32Array, [o, , k]: number[], bias: Float32Array, pad: number): Float32Array {
  const oh = h + 2 * pad - k + 1;
  const ow = w + 2 * pad - k + 1;
  const y = new Float32Array(n * o * oh * ow);
  for (let b = 0; b < n; b++) for (let oc = 0; oc < o; oc++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    let acc = bias[oc];
    for (let ic = 0; ic < c; ic++) for (let ki = 0; ki < k; ki++) for (let kj = 0; kj < k; kj++) {
      const yi = i + ki - pad;
      const xj = j + kj - pad;
      if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
      acc += x[((b * c + ic) * h + yi) * w + xj] * wt[((oc * c + ic) * k + ki) * k + kj];
    }
    y[((b * o + oc) * oh + i) * ow + j] = acc;
  }
  return y;
}

function buildConvModel() {
  const g = new GraphBuilder({ name: 'conv_add_sigmoid' });
  const x = g.input('x', 'float32', [1, 3, 8, 8]);
  const wt = seeded(4 * 3 * 3 * 3, 1, 0.5);
  const bias = seeded(4, 2);
  const add = seeded(4, 3);
  const y = g.scope('block', () => {
    const w = g.constF32('conv.weight', wt, [4, 3, 3, 3]);
    const b = g.constF32('conv.bias', bias);
    const c = g.node('Conv', [x, w, b], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, { name: 'conv' });
    const a = g.node('Add', [c, g.constF32('shift', add, [1, 4, 1, 1])]);
    return g.node('Sigmoid', [a]);
  });
  g.output(y, 'float32', [1, 4, 8, 8], 'y');
  return { g, wt, bias, add };
}

describe('GraphBuilder', () => {
  it('Conv + Add + Sigmoid matches a plain-JS reference', async () => {
    const { g, wt, bias, add } = buildConvModel();
    const xData = seeded(3 * 64, 4);
    const out = await run(g.build(), { x: new ort.Tensor('float32', xData, [1, 3, 8, 8]) });
    const conv = conv2d(xData, [1, 3, 8, 8], wt, [4, 3, 3], bias, 1);
    const ref = conv.map((v, i) => sigmoid(v + add[Math.floor(i / 64) % 4]));
    expect(out.y.dims).toEqual([1, 4, 8, 8]);
    expect(maxAbsDiff(out.y.data as Float32Array, ref)).toBeLessThanOrEqual(1e-5);
  });

  it('gives readable scoped, unique, deterministic names', () => {
    const { g } = buildConvModel();
    const summary = readModel(g.build());
    expect(summary.initializers.map((i) => i.name)).toEqual(['block.conv.weight', 'block.conv.bias', 'block.shift']);
    const g2 = new GraphBuilder({ name: 'n' });
    const x = g2.input('x', 'float32', [2]);
    const a = g2.node('Relu', [x]);
    const b = g2.node('Relu', [a]);
    const c = g2.scope('down_blocks.0', () => g2.scope('resnets.0', () => g2.node('Relu', [b], {}, { name: 'act' })));
    expect([a, b, c]).toEqual(['Relu_out0', 'Relu_1_out0', 'down_blocks.0.resnets.0.act_out0']);
    expect(g2.scopedName('w')).toBe('w');
  });

  it('builds byte-identical models from the same calls', () => {
    const a = buildConvModel().g;
    const b = buildConvModel().g;
    const bytesA = a.build();
    expect(a.build()).toEqual(bytesA); // building does not mutate the builder
    expect(b.build()).toEqual(bytesA);
    const extA = a.build({ externalData: { fileName: 'm.onnx_data', minBytes: 0 } });
    const extB = b.build({ externalData: { fileName: 'm.onnx_data', minBytes: 0 } });
    expect(extB.model).toEqual(extA.model);
    expect(extB.externalFiles).toEqual(extA.externalFiles);
  });

  it('MatMul + Softmax matches a plain-JS reference', async () => {
    const g = new GraphBuilder({ name: 'mm_softmax' });
    const x = g.input('x', 'float32', ['batch', 5]);
    const wData = seeded(5 * 7, 7);
    const logits = g.node('MatMul', [x, g.constF32('w', wData, [5, 7])]);
    g.node('Softmax', [logits], { axis: -1 }, { outputNames: ['probs'] });
    g.output('probs', 'float32', ['batch', 7]);
    const xData = seeded(3 * 5, 8, 2);
    const out = await run(g.build(), { x: new ort.Tensor('float32', xData, [3, 5]) });
    const ref = new Float32Array(21);
    for (let r = 0; r < 3; r++) {
      const row = Array.from({ length: 7 }, (_, j) => {
        let acc = 0;
        for (let k = 0; k < 5; k++) acc += xData[r * 5 + k] * wData[k * 7 + j];
        return acc;
      });
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((p, q) => p + q, 0);
      e.forEach((v, j) => (ref[r * 7 + j] = v / s));
    }
    expect(maxAbsDiff(out.probs.data as Float32Array, ref)).toBeLessThanOrEqual(1e-5);
  });

  it('Gemm with float attributes, transB and int64 Reshape constant', async () => {
    const g = new GraphBuilder({ name: 'gemm' });
    const x = g.input('x', 'float32', [2, 3, 2]);
    const flat = g.node('Reshape', [x, g.constI64('shape', [2, 6])]);
    const wData = seeded(4 * 6, 9);
    const cData = seeded(4, 10);
    const y = g.node('Gemm', [flat, g.constF32('w', wData, [4, 6]), g.constF32('c', cData)], { alpha: f(0.5), beta: f(-2), transB: 1 });
    const z = g.node('LeakyRelu', [y], { alpha: f(0.1) });
    g.output(z, 'float32', [2, 4], 'z');
    const xData = seeded(12, 11, 3);
    const out = await run(g.build(), { x: new ort.Tensor('float32', xData, [2, 3, 2]) });
    const ref = new Float32Array(8);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) {
      let acc = 0;
      for (let k = 0; k < 6; k++) acc += xData[i * 6 + k] * wData[j * 6 + k];
      const v = 0.5 * acc - 2 * cData[j];
      ref[i * 4 + j] = v >= 0 ? v : 0.1 * v;
    }
    expect(maxAbsDiff(out.z.data as Float32Array, ref)).toBeLessThanOrEqual(1e-5);
  });

  it('stores weights as fp16 (Cast back to fp32) while keepFloat32 params stay fp32', async () => {
    const g = new GraphBuilder({ name: 'fp16' });
    const x = g.input('x', 'float32', [1, 4, 2, 2]);
    const wData = seeded(4 * 3, 12);
    const w = g.node('Cast', [g.constF32('proj.weight', wData, [4, 3])], { to: 1 });
    const scale = g.constF32('norm.weight', [1.5, 0.25, 1, -1]);
    const bias = g.constF32('norm.bias', [0.1, 0.2, 0.3, 0.4]);
    const normed = g.node('InstanceNormalization', [x, scale, bias], { epsilon: f(1e-5) });
    const flat = g.node('Reshape', [normed, g.constI64('shape', [4, 4])]);
    const t = g.node('Transpose', [flat], { perm: [1, 0] });
    const y = g.node('MatMul', [t, w]);
    g.output(y, 'float32', [4, 3], 'y');
    const keep = (name: string) => name.startsWith('norm.');
    const model = g.build({ weightsDtype: 'float16', keepFloat32: keep });
    const dtypes = Object.fromEntries(readModel(model).initializers.map((i) => [i.name, i.dtype]));
    expect(dtypes).toEqual({ 'proj.weight': 'float16', 'norm.weight': 'float32', 'norm.bias': 'float32', shape: 'int64' });

    const xData = seeded(16, 13, 2);
    const out = await run(model, { x: new ort.Tensor('float32', xData, [1, 4, 2, 2]) });
    // Reference in plain JS: instance norm per channel, then x^T · W with W rounded to fp16.
    const normedRef = new Float32Array(16);
    const gamma = [1.5, 0.25, 1, -1];
    const beta = [0.1, 0.2, 0.3, 0.4];
    for (let c = 0; c < 4; c++) {
      const v = xData.subarray(c * 4, c * 4 + 4);
      const mean = v.reduce((a, b) => a + b, 0) / 4;
      const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      for (let i = 0; i < 4; i++) normedRef[c * 4 + i] = ((v[i] - mean) / Math.sqrt(variance + 1e-5)) * gamma[c] + beta[c];
    }
    const exact = new Float32Array(12);
    const halfW = Array.from(wData, (v) => float16BitsToFloat32(halfBits(v)));
    const rounded = new Float32Array(12);
    for (let p = 0; p < 4; p++) for (let j = 0; j < 3; j++) {
      let a = 0;
      let r = 0;
      for (let c = 0; c < 4; c++) {
        a += normedRef[c * 4 + p] * wData[c * 3 + j];
        r += normedRef[c * 4 + p] * halfW[c * 3 + j];
      }
      exact[p * 3 + j] = a;
      rounded[p * 3 + j] = r;
    }
    expect(maxAbsDiff(out.y.data as Float32Array, rounded)).toBeLessThanOrEqual(1e-4);
    // Within fp16 weight precision of the fp32 result, but not bit-equal to it: the weights really were rounded.
    expect(maxAbsDiff(out.y.data as Float32Array, exact)).toBeLessThanOrEqual(1e-2);
    expect(maxAbsDiff(halfW, wData)).toBeGreaterThan(0);
  });

  it('runs an all-fp16 graph (fp16 input, weights and output) within fp16 tolerance', async () => {
    const g = new GraphBuilder({ name: 'fp16_all' });
    const x = g.input('x', 'float16', [2, 8]);
    const wData = seeded(8 * 3, 40);
    const y = g.node('MatMul', [x, g.constF32('w', wData, [8, 3])]);
    g.output(g.node('Add', [y, g.constF32('b', [0.5, -0.25, 1])]), 'float16', [2, 3], 'y');
    const model = g.build({ weightsDtype: 'float16' });
    const xData = seeded(16, 41);
    const xHalf = Uint16Array.from(xData, (v) => halfBits(v));
    const out = await run(model, { x: new ort.Tensor('float16', xHalf, [2, 8]) });
    expect(out.y.type).toBe('float16');
    const got = Array.from(out.y.data as Uint16Array, float16BitsToFloat32);
    const ref = Array.from({ length: 6 }, (_, o) => {
      const [i, j] = [Math.floor(o / 3), o % 3];
      let acc = [0.5, -0.25, 1][j];
      for (let k = 0; k < 8; k++) acc += xData[i * 8 + k] * wData[k * 3 + j];
      return acc;
    });
    // fp16 has an 11-bit significand: ~1e-3 relative per rounding; 8-term sums of O(1) values stay within 1e-2.
    expect(maxAbsDiff(got, ref)).toBeLessThanOrEqual(1e-2);
  });

  it('writes external data (several files) that onnxruntime-web loads', async () => {
    const g = new GraphBuilder({ name: 'ext' });
    const x = g.input('x', 'float32', [1, 64]);
    const mats = [seeded(64 * 64, 20, 0.2), seeded(64 * 64, 21, 0.2), seeded(64 * 64, 22, 0.2)];
    const small = seeded(64, 23);
    let h = x;
    mats.forEach((m, i) => (h = g.node('MatMul', [h, g.constF32(`w${i}`, m, [64, 64])])));
    h = g.node('Add', [h, g.constF32('b', small)]);
    g.output(h, 'float32', [1, 64], 'y');
    // 16 KiB per matrix, 40 KiB per file → files of 2 + 1 matrices; the 256-byte bias stays inline.
    const { model, externalFiles } = g.build({ externalData: { fileName: 'ext.onnx_data', chunkBytes: 40 * 1024, minBytes: 1024 } });
    expect(externalFiles.map((e) => [e.path, e.byteLength])).toEqual([['ext.onnx_data', 32768], ['ext.onnx_data.1', 16384]]);
    const summary = readModel(model);
    expect(summary.externalFiles).toEqual(['ext.onnx_data', 'ext.onnx_data.1']);
    expect(summary.initializers.map((i) => i.external)).toEqual([
      { location: 'ext.onnx_data', offset: 0, length: 16384 },
      { location: 'ext.onnx_data', offset: 16384, length: 16384 },
      { location: 'ext.onnx_data.1', offset: 0, length: 16384 },
      null,
    ]);
    expect(model.byteLength).toBeLessThan(2048);

    const xData = seeded(64, 24);
    const externalData = externalFiles.map((file) => ({ path: file.path, data: concat(file.bytes) }));
    const out = await run(model, { x: new ort.Tensor('float32', xData, [1, 64]) }, { externalData });
    let ref = Array.from(xData);
    for (const m of mats) ref = Array.from({ length: 64 }, (_, j) => ref.reduce((acc, v, k) => acc + v * m[k * 64 + j], 0));
    ref = ref.map((v, j) => v + small[j]);
    expect(maxAbsDiff(out.y.data as Float32Array, ref)).toBeLessThanOrEqual(1e-5);
  });

  it('aligns external offsets and pads with zeros', () => {
    const g = new GraphBuilder({ name: 'align' });
    const x = g.input('x', 'float32', [3]);
    const a = g.node('Add', [x, g.constF32('a', [1, 2, 3])]);
    g.output(g.node('Add', [a, g.constF32('b', [4, 5, 6])]), 'float32', [3], 'y');
    const { externalFiles } = g.build({ externalData: { fileName: 'w.bin', minBytes: 0, alignBytes: 16 } });
    const bytes = concat(externalFiles[0].bytes);
    expect(bytes.byteLength).toBe(28);
    expect(Array.from(new Float32Array(bytes.buffer, 0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(bytes.subarray(12, 16))).toEqual([0, 0, 0, 0]);
    expect(Array.from(new Float32Array(bytes.buffer, 16, 3))).toEqual([4, 5, 6]);
  });

  it('supports Constant tensor attributes, multi-output nodes and extra opset domains', async () => {
    const g = new GraphBuilder({ name: 'multi', extraOpsets: { 'com.microsoft': 1 } });
    const x = g.input('x', 'float32', [2, 4]);
    const k = g.node('Constant', [], { value: { dtype: 'float32', dims: [1, 4], data: new Float32Array([1, 2, 3, 4]) } });
    const [lo, hi] = g.nodeOutputs('Split', [g.node('Mul', [x, k]), g.constI64('split', [1, 3])], { axis: 1 }, { outputs: 2 });
    const gelu = g.node('Gelu', [hi], {}, { domain: 'com.microsoft' });
    g.output(lo, 'float32', [2, 1], 'lo');
    g.output(gelu, 'float32', [2, 3], 'hi');
    const model = g.build();
    expect(readModel(model).opsets).toEqual([{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }]);
    const xData = new Float32Array([0.5, -1, 2, 0.25, -0.5, 1, -2, 3]);
    const out = await run(model, { x: new ort.Tensor('float32', xData, [2, 4]) });
    const scaled = Array.from(xData, (v, i) => v * [1, 2, 3, 4][i % 4]);
    expect(Array.from(out.lo.data as Float32Array)).toEqual([scaled[0], scaled[4]]);
    const erfGelu = (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
    const refHi = [1, 2, 3, 5, 6, 7].map((i) => erfGelu(scaled[i]));
    expect(maxAbsDiff(out.hi.data as Float32Array, refHi)).toBeLessThanOrEqual(1e-5);
  });

  it('runs com.microsoft MultiHeadAttention (the fused attention SD graphs use) against a JS reference', async () => {
    const [S, L, H, D] = [3, 5, 2, 4];
    const g = new GraphBuilder({ name: 'mha', extraOpsets: { 'com.microsoft': 1 } });
    const q = g.input('q', 'float32', [1, S, H * D]);
    const k = g.input('k', 'float32', [1, L, H * D]);
    const v = g.input('v', 'float32', [1, L, H * D]);
    g.node('MultiHeadAttention', [q, k, v], { num_heads: H }, { domain: 'com.microsoft', outputNames: ['attn'] });
    g.output('attn', 'float32', [1, S, H * D]);
    const [qd, kd, vd] = [seeded(S * H * D, 30), seeded(L * H * D, 31), seeded(L * H * D, 32)];
    const t = (d: Float32Array, n: number) => new ort.Tensor('float32', d, [1, n, H * D]);
    const out = await run(g.build(), { q: t(qd, S), k: t(kd, L), v: t(vd, L) });
    const ref = new Float32Array(S * H * D);
    for (let h = 0; h < H; h++) for (let i = 0; i < S; i++) {
      const scores = Array.from({ length: L }, (_, j) => {
        let dot = 0;
        for (let d = 0; d < D; d++) dot += qd[i * H * D + h * D + d] * kd[j * H * D + h * D + d];
        return dot / Math.sqrt(D);
      });
      const m = Math.max(...scores);
      const e = scores.map((x) => Math.exp(x - m));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let d = 0; d < D; d++) ref[i * H * D + h * D + d] = e.reduce((acc, w, j) => acc + (w / sum) * vd[j * H * D + h * D + d], 0);
    }
    expect(maxAbsDiff(out.attn.data as Float32Array, ref)).toBeLessThanOrEqual(1e-5);
  });

  it('encodes FLOATS/STRINGS attributes readable by ORT (Resize scales via input, mode string)', async () => {
    const g = new GraphBuilder({ name: 'resize' });
    const x = g.input('x', 'float32', [1, 1, 2, 2]);
    const y = g.node('Resize', [x, '', g.constF32('scales', [1, 1, 2, 2])], { mode: 'nearest', nearest_mode: 'floor', coordinate_transformation_mode: 'asymmetric' });
    const clipped = g.node('Clip', [y, g.scalarF32('lo', 1.5), g.scalarF32('hi', 3.5)]);
    g.output(clipped, 'float32', [1, 1, 4, 4], 'y');
    const out = await run(g.build(), { x: new ort.Tensor('float32', new Float32Array([1, 2, 3, 4]), [1, 1, 2, 2]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([1.5, 1.5, 2, 2, 1.5, 1.5, 2, 2, 3, 3, 3.5, 3.5, 3, 3, 3.5, 3.5]);
    expect(floats([1, 2]).value).toEqual([1, 2]);
  });

  it('rejects mistakes with clear messages', () => {
    const g = new GraphBuilder({ name: 'err' });
    const x = g.input('x', 'float32', [2]);
    expect(() => g.node('Relu', ['nope'])).toThrow(/Unknown value "nope"/);
    expect(() => g.node('LeakyRelu', [x], { alpha: 0.1 })).toThrow(/wrap float attributes with f\(x\)/);
    expect(() => g.node('Gelu', [x], {}, { domain: 'com.microsoft' })).toThrow(/extraOpsets/);
    expect(() => g.input('x', 'float32', [2])).toThrow(/already used/);
    expect(() => g.initializer('w', { dtype: 'float32', dims: [3], data: new Float32Array(2) })).toThrow(/hold 3 elements but data has 2/);
    expect(() => g.initializer('w', { dtype: 'int64', dims: [2], data: new Float32Array(2) as never })).toThrow(/needs a BigInt64Array/);
    expect(() => g.build()).toThrow(/no outputs/);
    g.output(g.node('Relu', [x]), 'float32', [2], 'y');
    expect(() => g.build({ externalData: { fileName: '../w.bin' } })).toThrow(/relative path/);
    expect(() => g.build({ externalData: { fileName: 'w.bin', chunkBytes: 3e9 } })).toThrow(/2000 MB/);
    const big = new GraphBuilder({ name: 'big' });
    const bx = big.input('x', 'float32', [300]);
    big.output(big.node('Add', [bx, big.constF32('w', new Float32Array(300))]), 'float32', [300], 'y');
    expect(() => big.build({ externalData: { fileName: 'w.bin', chunkBytes: 1000, minBytes: 0 } })).toThrow(/cannot span files/);
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/** fp16 bits of a normal-range value, computed independently of float16.ts (float64 arithmetic). */
function halfBits(v: number): number {
  // Round to 11 significant bits with ties-to-even using exact float64 arithmetic (values here are normal halves).
  const e = Math.floor(Math.log2(Math.abs(v)));
  const ulp = 2 ** (e - 10);
  const q = v / ulp;
  const fl = Math.floor(q);
  const r = q - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(q);
  const rounded = r * ulp;
  // Encode the rounded normal value to bits for float16BitsToFloat32.
  const a = Math.abs(rounded);
  const ee = Math.floor(Math.log2(a));
  const mant = Math.round((a / 2 ** ee - 1) * 1024);
  return (rounded < 0 ? 0x8000 : 0) | ((ee + 15) << 10) | mant;
}

/** erf by its Maclaurin series (Abramowitz–Stegun 7.1.26 is too coarse for a 1e-5 check). */
function erf(x: number): number {
  // The series loses precision for large |x|; past 4, 1 − |erf| < 2e-8, below the test tolerance.
  if (Math.abs(x) >= 4) return Math.sign(x);
  let sum = x;
  let term = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
