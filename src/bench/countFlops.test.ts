import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graphBuilder';
import { decodeModel } from '../onnx/onnxProto';
import { buildUNet2DConditionGraph } from '../onnx/diffusers';
import { countFlops } from './countFlops';
import { inferShapes } from './inferShapes';
import { seededWeightsFor } from './seededWeights';

const zeros = (dims: number[]) => ({ dtype: 'float32' as const, dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)) });

describe('countFlops', () => {
  it('counts a strided, padded Conv as 2·N·Cout·Hout·Wout·Cin·kH·kW', () => {
    const g = new GraphBuilder({ name: 'conv' });
    const x = g.input('x', 'float32', [2, 3, 16, 16]);
    const w = g.initializer('w', zeros([8, 3, 3, 3]));
    g.output(g.node('Conv', [x, w], { pads: [1, 1, 1, 1], strides: [2, 2] }), 'float32', [2, 8, 8, 8], 'y');
    expect(countFlops(g.build())).toEqual({ conv: 2 * 2 * 8 * 8 * 8 * 3 * 9, linear: 0, attention: 0, total: 2 * 2 * 8 * 8 * 8 * 3 * 9 });
  });

  it('splits weight MatMuls from attention MatMuls and follows Shape → Slice → Concat → Reshape', () => {
    const g = new GraphBuilder({ name: 'attn' });
    const x = g.input('x', 'float32', [2, 10, 16]);
    const q = g.node('MatMul', [x, g.initializer('wq', zeros([16, 16]))]);
    const shape = g.node('Shape', [q]);
    const head = g.node('Slice', [shape, g.constI64('s0', [0]), g.constI64('e0', [2])]);
    const split = g.node('Concat', [head, g.constI64('hd', [4, 4])], { axis: 0 }); // [2, 10, 4, 4]
    const qh = g.node('Transpose', [g.node('Reshape', [q, split])], { perm: [0, 2, 1, 3] }); // [2, 4, 10, 4]
    const kt = g.node('Transpose', [qh], { perm: [0, 1, 3, 2] }); // [2, 4, 4, 10]
    const scores = g.node('MatMul', [qh, kt]); // [2, 4, 10, 10]
    const out = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), qh]); // [2, 4, 10, 4]
    g.output(out, 'float32', [2, 4, 10, 4], 'y');
    const c = countFlops(g.build());
    expect(c.linear).toBe(2 * 2 * 10 * 16 * 16);
    expect(c.attention).toBe(2 * (2 * 4 * 10 * 10 * 4) * 2);
    expect(c.conv).toBe(0);
  });

  it('asks for sizes of free dimensions and rejects unknown operators', () => {
    const g = new GraphBuilder({ name: 'free' });
    const x = g.input('x', 'float32', ['batch', 4]);
    g.output(g.node('MatMul', [x, g.initializer('w', zeros([4, 2]))]), 'float32', ['batch', 2], 'y');
    const bytes = g.build();
    expect(() => countFlops(bytes)).toThrow(/free dimension "batch"/);
    expect(countFlops(bytes, { x: [3, 4] }).linear).toBe(2 * 3 * 4 * 2);

    const h = new GraphBuilder({ name: 'odd' });
    h.output(h.node('Hardmax', [h.input('x', 'float32', [2, 2])]), 'float32', [2, 2], 'y');
    expect(() => countFlops(h.build())).toThrow(/Hardmax .*not supported/);
  });

  it('follows a whole SD-topology UNet; conv and linear FLOPs scale ×4 with 2× resolution', () => {
    const config = {
      block_out_channels: [32, 64], down_block_types: ['CrossAttnDownBlock2D', 'DownBlock2D'], up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D'],
      cross_attention_dim: 32, attention_head_dim: 4, layers_per_block: 1, norm_num_groups: 8,
    };
    const build = (res: number) => {
      const opts = { staticShape: { batch: 1, height: res, width: res }, sequenceLength: 8 } as const;
      const w = seededWeightsFor((ws) => buildUNet2DConditionGraph(config, ws, opts), 'tiny-unet');
      return buildUNet2DConditionGraph(config, w, opts).build();
    };
    const small = countFlops(build(8));
    const big = countFlops(build(16));
    expect(small.attention).toBeGreaterThan(0);
    expect(big.conv / small.conv).toBeCloseTo(4, 6);
    // Cross-attention K/V projections see the 8 text tokens whatever the resolution: a little under ×4.
    expect(big.linear / small.linear).toBeGreaterThan(3.5);
    expect(big.linear / small.linear).toBeLessThan(4);
    // conv_in: 4 → 32 channels, 3×3, at every latent pixel.
    expect(small.conv).toBeGreaterThan(2 * 8 * 8 * 32 * 4 * 9);
  });

  it('infers the output shape the graph declares', () => {
    const g = new GraphBuilder({ name: 'resize' });
    const x = g.input('x', 'float32', [1, 2, 3, 5]);
    const up = g.node('Resize', [x, '', g.initializer('scales', { dtype: 'float32', dims: [4], data: new Float32Array([1, 1, 2, 2]) })], { mode: 'nearest' });
    g.output(up, 'float32', [1, 2, 6, 10], 'y');
    const shapes = inferShapes(decodeModel(g.build()).graph);
    expect(shapes.get(up)?.dims).toEqual([1, 2, 6, 10]);
  });
});
