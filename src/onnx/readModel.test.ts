import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graphBuilder';
import { encodeModel, TensorDataType } from './onnxProto';
import { OnnxParseError, readModel } from './readModel';

function sampleBuilder() {
  const g = new GraphBuilder({ name: 'unet_like', extraOpsets: { 'com.microsoft': 1 } });
  const x = g.input('sample', 'float32', ['batch', 4, 64, 64]);
  const t = g.input('timestep', 'int64', [1]);
  g.input('mask', 'bool', ['batch', 77]);
  const w = g.constF32('conv.weight', new Float32Array(4 * 4 * 3 * 3).fill(0.5), [4, 4, 3, 3]);
  const y = g.node('Conv', [x, w], { pads: [1, 1, 1, 1] });
  g.output(y, 'float32', ['batch', 4, 64, 64], 'out_sample');
  g.output(g.node('Identity', [t]), 'int64', [1], 't_out');
  return g;
}

describe('readModel', () => {
  it('round-trips the signature, opsets and initializers of a built model', () => {
    const s = readModel(sampleBuilder().build());
    expect(s.irVersion).toBe(8);
    expect(s.producerName).toBe('digi2real-studio');
    expect(s.graphName).toBe('unet_like');
    expect(s.opsets).toEqual([{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }]);
    expect(s.inputs).toEqual([
      { name: 'sample', dtype: 'float32', shape: ['batch', 4, 64, 64] },
      { name: 'timestep', dtype: 'int64', shape: [1] },
      { name: 'mask', dtype: 'bool', shape: ['batch', 77] },
    ]);
    expect(s.outputs).toEqual([
      { name: 'out_sample', dtype: 'float32', shape: ['batch', 4, 64, 64] },
      { name: 't_out', dtype: 'int64', shape: [1] },
    ]);
    expect(s.initializers).toEqual([{ name: 'conv.weight', dtype: 'float32', dims: [4, 4, 3, 3], byteLength: 576, external: null }]);
    expect(s.nodeCount).toBe(4); // Conv, Identity (rename to out_sample), Identity, Identity (rename to t_out)
    expect(s.externalFiles).toEqual([]);
  });

  it('reports fp16 storage and external data references', () => {
    const { model } = sampleBuilder().build({ weightsDtype: 'float16', externalData: { fileName: 'unet.onnx_data', minBytes: 100 } });
    const s = readModel(model);
    expect(s.initializers).toEqual([
      { name: 'conv.weight', dtype: 'float16', dims: [4, 4, 3, 3], byteLength: 288, external: { location: 'unet.onnx_data', offset: 0, length: 288 } },
    ]);
    expect(s.externalFiles).toEqual(['unet.onnx_data']);
  });

  it('hides graph inputs that are initializers (IR < 4 exporters list weights as inputs)', () => {
    const tensorType = (elem: number, dims: number[]) => ({ tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => ({ dim_value: d })) } } });
    const bytes = encodeModel({
      ir_version: 3,
      opset_import: [{ domain: '', version: 9 }],
      graph: {
        name: 'old',
        node: [{ input: ['x', 'w'], output: ['y'], op_type: 'Add' }],
        initializer: [{ name: 'w', dims: [2], data_type: TensorDataType.FLOAT, float_data: [1, 2] }],
        input: [{ name: 'x', type: tensorType(1, [2]) }, { name: 'w', type: tensorType(1, [2]) }],
        output: [{ name: 'y', type: tensorType(1, [2]) }],
      },
    });
    const s = readModel(bytes);
    expect(s.inputs.map((i) => i.name)).toEqual(['x']);
    expect(s.initializers[0]).toMatchObject({ name: 'w', dtype: 'float32', byteLength: 8 });
  });

  it('throws OnnxParseError with a clear message for bytes that are not ONNX', () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /the file is empty/],
      ['text', new TextEncoder().encode('<!doctype html><html>404</html>'), /not a valid ONNX model/],
      ['png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /not a valid ONNX model/],
      ['truncated', sampleBuilder().build().subarray(0, 200), /not a valid ONNX model/],
      ['json', new TextEncoder().encode('{"model":"unet"}'), /not a valid ONNX model/],
    ];
    for (const [label, bytes, message] of cases) {
      let error: unknown;
      try {
        readModel(bytes, `unet.onnx (${label})`);
      } catch (e) {
        error = e;
      }
      expect(error, label).toBeInstanceOf(OnnxParseError);
      expect((error as OnnxParseError).message).toMatch(message);
      expect((error as OnnxParseError).message).toContain(`unet.onnx (${label})`);
      expect((error as OnnxParseError).code).toBe('onnx-parse');
    }
  });

  it('names the missing parts of protobuf that decodes but is not a model', () => {
    const onlyProducer = encodeModel({ producer_name: 'x' } as never);
    expect(() => readModel(onlyProducer)).toThrow(/missing ir_version, opset_import, graph/);
  });
});
