/**
 * @file The tiny ONNX graphs that keep the denoise loop on the UNet's device (createOrtLatentOps):
 * built with the project's graph builder, symbolic dims so one session serves every resolution, and
 * every per-step number a scalar INPUT (never an initializer, so no optimiser folds or drops a node).
 *
 * - scale_repeat: y = x·k, repeated `batch` times along axis 0 — scale_model_input and the
 *   [uncond, cond] batch of the UNet input; with k = 1 and batch 1 it is the device upload.
 * - guided_step: optional CFG m = u + g·(c − u) on a [2,…] UNet output, then
 *   next = a_sample·x + a_model·m (+ a_previous·p) (+ a_noise·z)  and  kept = k_sample·x + k_model·m,
 *   the scheduler's coefficient form (src/engine/schedulers/linearStep.ts), in the same float32
 *   operation order as its host reference applyLinearTerms.
 */
import { GraphBuilder } from '../../onnx/graphBuilder';

const LATENT = ['b', 'c', 'h', 'w'] as const;

/** Graph input names of {@link buildGuidedStepGraph}'s scalars, in coefficient order. */
export const STEP_SCALARS = ['a_sample', 'a_model', 'a_previous', 'a_noise', 'k_sample', 'k_model'] as const;

export interface GuidedStepVariant {
  /** The UNet output is [2,…] = [uncond, cond] and a `guidance` scalar input combines it. */
  readonly cfg: boolean;
  /** Takes `previous` (the tensor kept from the last step) with scalar `a_previous`. */
  readonly previous: boolean;
  /** Takes `noise` with scalar `a_noise`. */
  readonly noise: boolean;
}

/** A stable key per variant, for session caches. */
export function guidedStepKey(v: GuidedStepVariant): string {
  return `guided_step${v.cfg ? '_cfg' : ''}${v.previous ? '_prev' : ''}${v.noise ? '_noise' : ''}`;
}

/** `x` of rank `rank` (symbolic dims) times scalar `k`, repeated `batch` times on axis 0 → `y`. */
export function buildScaleRepeatGraph(rank: number, batch: 1 | 2): Uint8Array {
  const g = new GraphBuilder({ name: `scale_repeat_r${rank}_b${batch}` });
  const dims = Array.from({ length: rank }, (_, i) => `d${i}`);
  const x = g.input('x', 'float32', dims);
  const k = g.input('k', 'float32', []);
  if (batch === 1) {
    g.node('Mul', [x, k], {}, { outputNames: ['y'] });
  } else {
    const y = g.node('Mul', [x, k]);
    g.node('Concat', [y, y], { axis: 0 }, { outputNames: ['y'] });
  }
  g.output('y', 'float32', batch === 1 ? dims : ['b2', ...dims.slice(1)]);
  return g.build();
}

/** CFG + one scheduler step in coefficient form; outputs `next` and `kept`. */
export function buildGuidedStepGraph(v: GuidedStepVariant): Uint8Array {
  const g = new GraphBuilder({ name: guidedStepKey(v) });
  const out = g.input('unet_output', 'float32', v.cfg ? ['b2', 'c', 'h', 'w'] : [...LATENT]);
  const x = g.input('sample', 'float32', [...LATENT]);
  const prev = v.previous ? g.input('previous', 'float32', [...LATENT]) : '';
  const z = v.noise ? g.input('noise', 'float32', [...LATENT]) : '';
  const s: Record<(typeof STEP_SCALARS)[number], string> = Object.fromEntries(
    STEP_SCALARS.filter((n) => (n !== 'a_previous' || v.previous) && (n !== 'a_noise' || v.noise)).map((n) => [n, g.input(n, 'float32', [])]),
  ) as never;

  let m = out;
  if (v.cfg) {
    const guidance = g.input('guidance', 'float32', []);
    // Halves of the batch: row 0 = uncond, row 1 = cond (diffusers' noise_pred.chunk(2)). Slice, not
    // Split: onnxruntime-web's WebGPU (JSEP) Split without explicit sizes gave empty [0,…] halves here.
    const axis0 = g.constI64('axis0', [0]);
    const row = (k: number) => g.node('Slice', [out, g.constI64(`row${k}_start`, [k]), g.constI64(`row${k}_end`, [k + 1]), axis0]);
    const u = row(0);
    const c = row(1);
    m = g.node('Add', [u, g.node('Mul', [guidance, g.node('Sub', [c, u])])]);
  }
  // Summed left to right, the last Add writing the output directly (no Identity for an EP to place elsewhere).
  const products = [g.node('Mul', [s.a_sample, x]), g.node('Mul', [s.a_model, m])];
  if (v.previous) products.push(g.node('Mul', [s.a_previous, prev]));
  if (v.noise) products.push(g.node('Mul', [s.a_noise, z]));
  let next = products[0];
  for (let j = 1; j < products.length; j++) {
    next = g.node('Add', [next, products[j]], {}, j === products.length - 1 ? { outputNames: ['next'] } : {});
  }
  g.node('Add', [g.node('Mul', [s.k_sample, x]), g.node('Mul', [s.k_model, m])], {}, { outputNames: ['kept'] });
  g.output('next', 'float32', [...LATENT]);
  g.output('kept', 'float32', [...LATENT]);
  return g.build();
}
