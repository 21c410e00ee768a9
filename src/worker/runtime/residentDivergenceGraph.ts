/**
 * @file The tiny ONNX graph that records, on the latents' device, the first step whose latents went
 * NaN, ±Inf or all zero (residentDivergenceWatch.ts) — so the resident loop names that step without
 * reading anything back per step. Same priority as the host check `latentProblem` (NaN, then Inf,
 * then all-zero) and the same counts as `detectNonFinite`.
 *
 * Only ops with onnxruntime-web WebGPU (JSEP) kernels: it has no IsNaN/IsInf, so finiteness is
 * |x| ≤ FLT_MAX (false for NaN and ±Inf under IEEE comparisons) and Inf is |x| > FLT_MAX; NaN is
 * what is neither. Never x ≠ x: WGSL lets a compiler assume no NaNs and fold a self-comparison.
 */
import { GraphBuilder } from '../../onnx/graphBuilder';

/** Largest finite float32. */
const FLT_MAX = 3.4028234663852886e38;

/** Kind codes in the record, in `latentProblem` priority; 0 = fine. */
export const DIVERGENCE_KIND_CODES = { nan: 1, inf: 2, 'all-zero': 3 } as const;

export const DIVERGENCE_GRAPH_KEY = 'divergence_watch';

/**
 * Inputs: `latents` [b,c,h,w] float32; `record` [3] float32 = [firstBadStep (−1: none yet), kind
 * code, offending count]; `step` and `count` (number of latent elements) float32 scalars.
 * Output: `next_record` [3] — the input record if it already holds a step or the latents are fine,
 * else [step, kind, count of NaN / Inf elements, or all elements for all-zero].
 */
export function buildDivergenceWatchGraph(): Uint8Array {
  const g = new GraphBuilder({ name: DIVERGENCE_GRAPH_KEY });
  const x = g.input('latents', 'float32', ['b', 'c', 'h', 'w']);
  const record = g.input('record', 'float32', [3]);
  const step = g.input('step', 'float32', []);
  const n = g.input('count', 'float32', []);
  const zero = g.scalarF32('zero', 0);
  const fltMax = g.scalarF32('flt_max', FLT_MAX);
  // Counts are sums of 0/1 floats: exact in float32 up to 2^24 elements (a 512² SD latent has 2^14).
  const countWhere = (cond: string) => g.node('ReduceSum', [g.node('Cast', [cond], { to: 1 })], { keepdims: 0 });

  const a = g.node('Abs', [x]);
  const finite = countWhere(g.node('LessOrEqual', [a, fltMax]));
  const inf = countWhere(g.node('Greater', [a, fltMax]));
  const nonZero = countWhere(g.node('Greater', [a, zero]));
  const nan = g.node('Sub', [g.node('Sub', [n, finite]), inf]);

  const isNan = g.node('Greater', [nan, zero]);
  const isInf = g.node('Greater', [inf, zero]);
  const isZero = g.node('Equal', [nonZero, zero]); // NaN counts as zero here; isNan wins first
  const code = (k: keyof typeof DIVERGENCE_KIND_CODES) => g.scalarF32(`kind_${k.replace('-', '_')}`, DIVERGENCE_KIND_CODES[k]);
  const kind = g.node('Where', [isNan, code('nan'), g.node('Where', [isInf, code('inf'), g.node('Where', [isZero, code('all-zero'), zero])])]);
  const count = g.node('Where', [isNan, nan, g.node('Where', [isInf, inf, n])]);

  // [step, kind, count] from scalars by one-hot products: finite arithmetic only, no Concat of scalars.
  const oneHot = (j: number) => g.constF32(`e${j}`, [0, 1, 2].map((i) => (i === j ? 1 : 0)));
  const fresh = g.node('Add', [g.node('Add', [g.node('Mul', [step, oneHot(0)]), g.node('Mul', [kind, oneHot(1)])]), g.node('Mul', [count, oneHot(2)])]);

  // Take it only for the first bad step: kind > 0 and record[0] < 0 (no And kernel on WebGPU: a product of 0/1 floats).
  const recordedStep = g.node('Slice', [record, g.constI64('first_start', [0]), g.constI64('first_end', [1]), g.constI64('first_axis', [0])]);
  const none = g.node('Cast', [g.node('Less', [recordedStep, zero])], { to: 1 });
  const bad = g.node('Cast', [g.node('Greater', [kind, zero])], { to: 1 });
  const take = g.node('Greater', [g.node('Mul', [none, bad]), zero]);
  g.node('Where', [take, fresh, record], {}, { outputNames: ['next_record'] });
  g.output('next_record', 'float32', [3]);
  return g.build();
}
