/**
 * @file onnxruntime-web 1.30 initialises its WASM module once, for whichever backend asks first. If a
 * WASM session (a pack pinned to WASM by its manifest) is created before any WebGPU session, the later
 * WebGPU backend init fails with "multiple calls to 'initWasm()'" and every WebGPU session falls back.
 * So when WebGPU is the active backend, the WebGPU backend is brought up first with a one-node model.
 */
import { GraphBuilder } from '../../onnx/graphBuilder';

/** A one-node Identity model: the cheapest session that makes ORT initialise a backend. */
export function buildBackendWarmUpModel(): Uint8Array {
  const g = new GraphBuilder({ name: 'backend_warm_up' });
  const x = g.input('x', 'float32', [1]);
  g.node('Identity', [x], {}, { outputNames: ['y'] });
  g.output('y', 'float32', [1]);
  return g.build();
}
