import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { GraphBuilder } from '../../onnx/graphBuilder';
import { decodeModel } from '../../onnx/onnxProto';
import { sinCosDegrees } from './digifaceAugmentTrig';

function buildSinCosModel(): Uint8Array {
  const g = new GraphBuilder({ name: 'sin_cos_probe' });
  const deg = g.input('deg', 'float32', ['n']);
  const { sin, cos } = sinCosDegrees(g, deg);
  g.output(sin, 'float32', ['n'], 'sin');
  g.output(cos, 'float32', ['n'], 'cos');
  return g.build();
}

describe('sinCosDegrees', () => {
  it('matches Math.sin/Math.cos in float64 over the sliders’ ranges and beyond', async () => {
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(buildSinCosModel());
    // Every whole degree in [−720, 720], quarter turns exactly, and a few awkward fractions.
    const angles = [...Array.from({ length: 1441 }, (_, i) => i - 720), 0.5, -0.25, 12.3, 35.7, 89.999, 179.999, -179.999, 359.999];
    const deg = Float32Array.from(angles);
    const out = await session.run({ deg: new ort.Tensor('float32', deg, [deg.length]) });
    const sin = out.sin.data as Float32Array;
    const cos = out.cos.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < deg.length; i++) {
      const theta = (deg[i] * Math.PI) / 180;
      worst = Math.max(worst, Math.abs(sin[i] - Math.sin(theta)), Math.abs(cos[i] - Math.cos(theta)));
    }
    // Float32 rounding of deg/360 bounds the error at about |deg|/360 · 2⁻²⁴ · 2π; WebGPU's Sin/Cos were 1.8e-4 off.
    expect(worst).toBeLessThan(2e-6);
  });

  it('builds from Floor, Mul, Add and Sub only (no Sin or Cos node)', () => {
    // Identity nodes only name the two graph outputs.
    const ops = new Set((decodeModel(buildSinCosModel()).graph.node ?? []).map((n) => n.op_type).filter((op) => op !== 'Identity'));
    expect([...ops].sort()).toEqual(['Add', 'Floor', 'Mul', 'Sub']);
  });
});
