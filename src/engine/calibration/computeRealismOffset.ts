/**
 * @file Realism offset calibration (method.md §a.2 Eq. 1): Δ = mean over real faces of their sample minus the
 * mean over synthetic faces, in the chosen space, from identity embeddings already computed.
 */
import type { RealismOffsetSpace } from '../conditioning/applyRealismOffset';
import { CLIP_MAX_LENGTH } from '../conditioning/arc2facePromptIds';
import { throwIfAborted } from '../progress/abort';
import { ProgressTracker, type ProgressSink } from '../progress/progress';
import type { ModelRunner } from '../pipeline/modelRunner';
import { RealismOffsetAccumulator, type CalibrationSet } from './realismOffsetAccumulator';
import { realismOffsetSample, type EncoderConstants } from './realismOffsetSample';

export interface ComputedRealismOffset {
  /** float32 Δ, row-major in `shape`. */
  readonly delta: Float32Array;
  /** [77, C] for 'encoder-output', [D] for 'id-vector'. */
  readonly shape: readonly number[];
  readonly space: RealismOffsetSpace;
  readonly counts: { readonly real: number; readonly synthetic: number };
}

/** The shape Δ has in `space` for a pack with id vectors of length `idDim` and encoder width `C`. */
export function realismOffsetShape(space: RealismOffsetSpace, idDim: number, encoderWidth: number): number[] {
  return space === 'id-vector' ? [idDim] : [CLIP_MAX_LENGTH, encoderWidth];
}

export interface ComputeRealismOffsetInput {
  /** ArcFace vectors of the real faces [D] each. */
  readonly real: readonly Float32Array[];
  /** ArcFace vectors of the synthetic faces [D] each. */
  readonly synthetic: readonly Float32Array[];
  readonly space: RealismOffsetSpace;
  readonly encoder: EncoderConstants;
  readonly runner: ModelRunner;
  readonly signal?: AbortSignal;
  /** Phase 'calibrate', one unit per embedding. */
  readonly onProgress?: ProgressSink;
  readonly jobId?: string;
}

/** @throws RangeError when a set is empty or vectors differ in length; AbortError when cancelled */
export async function computeRealismOffset(input: ComputeRealismOffsetInput): Promise<ComputedRealismOffset> {
  const { real, synthetic, space, encoder, runner, signal } = input;
  const total = real.length + synthetic.length;
  const tracker = new ProgressTracker(input.jobId ?? '', 'calibrate', total, input.onProgress);
  tracker.report(0);
  let acc: RealismOffsetAccumulator | undefined;
  let done = 0;
  const sets: [CalibrationSet, readonly Float32Array[]][] = [['real', real], ['synthetic', synthetic]];
  for (const [set, vectors] of sets) {
    for (const e of vectors) {
      throwIfAborted(signal);
      const sample = await realismOffsetSample(e, space, encoder, runner);
      acc ??= new RealismOffsetAccumulator(sample.length);
      acc.add(set, sample);
      tracker.report(++done);
    }
  }
  if (!acc) throw new RangeError('Realism offset needs at least one usable image in each set (real: 0, synthetic: 0)');
  const delta = acc.delta();
  const idDim = (real[0] ?? synthetic[0]).length;
  return {
    delta,
    shape: realismOffsetShape(space, idDim, encoder.uncondEmbedding.length / CLIP_MAX_LENGTH),
    space,
    counts: { real: acc.count('real'), synthetic: acc.count('synthetic') },
  };
}
