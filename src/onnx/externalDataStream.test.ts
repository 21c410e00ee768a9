import fc from 'fast-check';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { planExternalData } from './externalData';
import { ExternalDataStream } from './externalDataStream';
import { GraphBuilder } from './graphBuilder';

ort.env.wasm.numThreads = 1;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/** A sink that records appended bytes per file and the order files were ended in. */
function recordingSink() {
  const files = new Map<string, Uint8Array[]>();
  const ended: string[] = [];
  return {
    files,
    ended,
    append(path: string, bytes: Uint8Array) {
      if (ended.includes(path)) throw new Error(`${path} appended after end`);
      files.set(path, [...(files.get(path) ?? []), bytes.slice()]);
    },
    end(path: string) {
      ended.push(path);
    },
  };
}

describe('ExternalDataStream', () => {
  it('lays tensors out exactly as planExternalData does, one tensor at a time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }),
        fc.integer({ min: 300, max: 1000 }),
        fc.integer({ min: 0, max: 64 }),
        fc.constantFrom(1, 4, 16, 64),
        (sizes, chunkBytes, minBytes, alignBytes) => {
          const opts = { fileName: 'w.bin', chunkBytes, minBytes, alignBytes };
          const tensors = sizes.map((n, i) => ({ name: `t${i}`, bytes: Uint8Array.from({ length: n }, (_, j) => (i * 31 + j) & 0xff) }));
          const plan = planExternalData(tensors, opts);
          const sink = recordingSink();
          const stream = new ExternalDataStream(opts, sink);
          const placements = tensors.map((t) => stream.place(t.name, { dtype: 'uint8', dims: [t.bytes.length], data: t.bytes }));
          expect(stream.finish()).toEqual(plan.files.map((f) => f.path));
          expect(sink.ended).toEqual(plan.files.map((f) => f.path));
          expect(placements).toEqual(plan.placements);
          for (const f of plan.files) expect(concat(sink.files.get(f.path)!)).toEqual(concat(f.bytes));
        },
      ),
    );
  });

  it('refuses a tensor larger than a chunk and a path outside the model folder', () => {
    const stream = new ExternalDataStream({ fileName: 'w.bin', chunkBytes: 100, minBytes: 0 }, recordingSink());
    expect(() => stream.place('big', { dtype: 'uint8', dims: [101], data: new Uint8Array(101) })).toThrow(/"big" is 101 bytes, larger than externalData.chunkBytes \(100\)/);
    expect(() => new ExternalDataStream({ fileName: '../w.bin' }, recordingSink())).toThrow(/relative path/);
  });
});

describe('GraphBuilder with streamed initializers', () => {
  /** y = x·W + b with W stored fp16 (cast back to float32) and b kept float32. */
  function build(g: GraphBuilder, w: Float32Array, b: Float32Array) {
    const x = g.input('x', 'float32', [1, 64]);
    const wName = g.initializer('w', { dtype: 'float32', dims: [64, 32], data: w });
    const wf = g.node('Cast', [wName], { to: 1 });
    const y = g.node('MatMul', [x, wf]);
    g.output(g.node('Add', [y, g.initializer('b', { dtype: 'float32', dims: [32], data: b })]), 'float32', [1, 32], 'y');
  }

  it('gives the same model outputs as an in-memory build, keeps no weight bytes in the model, and converts storage dtype as it streams', async () => {
    const w = Float32Array.from({ length: 64 * 32 }, (_, i) => Math.sin(i) / 8);
    const b = Float32Array.from({ length: 32 }, (_, i) => i / 10);
    const storage = { weightsDtype: 'float16' as const, keepFloat32: (name: string) => name === 'b' };

    const inMemory = new GraphBuilder({ name: 'm' });
    build(inMemory, w, b);
    const reference = inMemory.build(storage);

    const sink = recordingSink();
    const stream = new ExternalDataStream({ fileName: 'm.onnx_data', minBytes: 100 }, sink);
    const streamed = new GraphBuilder({ name: 'm', streamInitializers: { stream, ...storage } });
    build(streamed, w, b);
    const model = streamed.build();
    expect(stream.finish()).toEqual(['m.onnx_data']);
    const data = concat(sink.files.get('m.onnx_data')!);
    // W as fp16 went out (2 bytes × 2048); b (128 bytes, float32) too; the model itself is tiny.
    expect(data.byteLength).toBe(64 * 32 * 2 + 128);
    expect(model.byteLength).toBeLessThan(1000);
    expect(reference.byteLength).toBeGreaterThan(4096);

    const x = new ort.Tensor('float32', Float32Array.from({ length: 64 }, (_, i) => Math.cos(i)), [1, 64]);
    const a = await ort.InferenceSession.create(reference);
    const s = await ort.InferenceSession.create(model, { externalData: [{ path: 'm.onnx_data', data }] });
    const ya = (await a.run({ x })).y.data as Float32Array;
    const ys = (await s.run({ x })).y.data as Float32Array;
    expect(Array.from(ys)).toEqual(Array.from(ya));
    await a.release();
    await s.release();
  });

  it('refuses a second external-data layout at build time', () => {
    const g = new GraphBuilder({ name: 'm', streamInitializers: { stream: new ExternalDataStream({ fileName: 'a.bin' }, recordingSink()) } });
    build(g, new Float32Array(64 * 32), new Float32Array(32));
    expect(() => g.build({ externalData: { fileName: 'b.bin' } })).toThrow(/streams its initializers/);
  });
});
