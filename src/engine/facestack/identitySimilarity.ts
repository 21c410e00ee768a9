/**
 * @file The identity score the UI shows, always labelled with the model that produced it, e.g.
 * "ID similarity 0.83 (HSE FaceRes via Human 3.3.6)". FaceRes scores are not comparable in absolute value
 * with the ArcFace ID similarity papers report (face-tooling.md §8.1), hence the label.
 */
import { centredCosine } from './centredCosine';
import { FACE_STACK_IDENTITY_MODEL } from './faceStackModels';

export interface IdentitySimilarity {
  /** Centred cosine of the two descriptors, in [−1, 1]. */
  value: number;
  /** Stable id of the descriptor model (`hse-faceres@human-3.3.6`). */
  modelId: string;
  /** Human-readable model name for display. */
  modelLabel: string;
  /** Whether a centring mean was applied (uncentred FaceRes cosines run about 0.4 higher). */
  centred: boolean;
  /** Ready-to-show text, e.g. "ID similarity 0.83 (HSE FaceRes via Human 3.3.6)". */
  text: string;
}

/**
 * @param a FaceRes `descriptor` of the first face (1024 floats)
 * @param b FaceRes `descriptor` of the second face
 * @param mean centring vector (the pack's `descriptorMean` constant, or one computed on your own set)
 */
export function identitySimilarity(a: ArrayLike<number>, b: ArrayLike<number>, mean?: ArrayLike<number>): IdentitySimilarity {
  const value = centredCosine(a, b, mean);
  const { id, label } = FACE_STACK_IDENTITY_MODEL;
  return { value, modelId: id, modelLabel: label, centred: mean !== undefined, text: `ID similarity ${value.toFixed(2)} (${label}${mean ? '' : ', uncentred'})` };
}
