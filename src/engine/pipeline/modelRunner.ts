/**
 * @file The pipeline's only view of the neural networks: named float32 feeds in, named float32 outputs
 * out. The worker implements it with onnxruntime-web, the Node CLI with onnxruntime-web in Node, tests
 * with fakes — so src/engine never imports a runtime (style.md §2). Tensor names are the graph IO names
 * of src/onnx (see {@link COMPONENT_IO}).
 */

/** A host tensor: row-major float32 `data` of `dims`. */
export interface FloatTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** The networks one Digi2Real image needs. */
export type ModelComponent = 'textEncoder' | 'unet' | 'vaeDecoder' | 'vaeEncoder' | 'arcface';

/** Runs one network; resolves with (at least) the outputs the pipeline reads. */
export interface ModelRunner {
  run(component: ModelComponent, feeds: Record<string, FloatTensor>): Promise<Record<string, FloatTensor>>;
}

/**
 * Graph IO names per component, as the src/onnx builders write them:
 * - textEncoder: `inputs_embeds` [1,77,H] → `last_hidden_state` [1,77,C] (buildClipTextEncoderGraph, input 'inputs_embeds')
 * - unet: `sample` [B,4,h,w], `timestep` [B] float32, `encoder_hidden_states` [B,77,C] → `noise_pred` [B,4,h,w]
 * - vaeDecoder: `latents` [1,4,h,w] (already ÷ scaling_factor) → `sample` [1,3,8h,8w] in ≈[−1,1]
 * - vaeEncoder: `image` [1,3,H,W] in [−1,1] → `mean` [1,4,H/8,W/8] (also `logvar`, `std`, unused)
 * - arcface: `input` [1,3,112,112] → `embedding` [1,D] — the insightface graph's own names differ
 *   (`input.1`, `683`…); {@link pickOutput} accepts a sole output under any name, and a runner may rename.
 */
export const COMPONENT_IO = {
  textEncoder: { input: 'inputs_embeds', output: 'last_hidden_state' },
  unet: { sample: 'sample', timestep: 'timestep', encoderHiddenStates: 'encoder_hidden_states', output: 'noise_pred' },
  vaeDecoder: { input: 'latents', output: 'sample' },
  vaeEncoder: { input: 'image', output: 'mean' },
  arcface: { input: 'input', output: 'embedding' },
} as const;

/** Error code for a runner answer the pipeline cannot use. */
export class ModelOutputError extends Error {
  readonly code = 'model-output';
  constructor(message: string) {
    super(message);
    this.name = 'ModelOutputError';
  }
}

/**
 * The output `name`, or the only output when the graph names it differently (e.g. insightface's
 * numeric output names). Why lenient: packs come from several exporters; a single output is unambiguous.
 * @throws ModelOutputError listing what the runner returned
 */
export function pickOutput(outputs: Record<string, FloatTensor>, name: string, component: ModelComponent): FloatTensor {
  const hit = outputs[name];
  if (hit) return hit;
  const names = Object.keys(outputs);
  if (names.length === 1) return outputs[names[0]];
  throw new ModelOutputError(`${component}: expected output "${name}", got ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'no outputs'}`);
}

/** Number of elements of `dims`. */
export function numel(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * Throws ModelOutputError unless `t` has `expectedNumel` elements and its dims agree with its data.
 * Why: a mis-shaped output (wrong pack, wrong batch) must fail with a message, not corrupt later steps.
 */
export function assertTensor(t: FloatTensor, expectedNumel: number, what: string): void {
  if (t.data.length !== numel(t.dims)) throw new ModelOutputError(`${what}: dims ${JSON.stringify(t.dims)} do not match ${t.data.length} elements`);
  if (t.data.length !== expectedNumel) throw new ModelOutputError(`${what}: expected ${expectedNumel} elements, got ${t.data.length} (dims ${JSON.stringify(t.dims)})`);
}
