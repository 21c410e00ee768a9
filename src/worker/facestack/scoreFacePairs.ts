/**
 * @file Identity similarity of image pairs (e.g. a DigiFace input and its enhanced output), for the worker API:
 * decodes both images, describes every image of the batch in one batched pass, and scores each pair with the
 * centred cosine. A pair whose image cannot be decoded or has no face reports an error and the rest go on.
 */
import { FACE_STACK_IDENTITY_MODEL } from '../../engine/facestack/faceStackModels';
import { throwIfAborted } from '../../engine/progress/abort';
import { decodeImage } from '../workspace/decodeImage';
import type { FaceStackService } from './faceStackService';
import type { FaceDescription, FaceInput, FaceStackErrorCode } from './faceStackTypes';

export interface FacePair {
  faceId: string;
  /** Encoded PNG/JPEG (Blob or bytes) of the first face, usually the source. */
  a: Blob | Uint8Array;
  /** Encoded image of the second face, usually the enhanced output. */
  b: Blob | Uint8Array;
  /** Whether the images are square crops on the ArcFace template: one flag for both, or per side. */
  aligned: boolean | { a: boolean; b: boolean };
}

export interface FacePairScore {
  faceId: string;
  /** Centred cosine in [−1, 1]; absent when `error` is set. */
  value?: number;
  /** Display name of the identity model. */
  model: string;
  centred: boolean;
  error?: string;
  code?: FaceStackErrorCode | 'face/undecodable';
  /** Warnings of either side (several faces, fallback to detection), prefixed "a:" / "b:". */
  warnings?: string[];
  /** FaceMesh fit residual of each side (112-template px), a landmark quality flag. */
  templateFitRmse?: [number, number];
}

async function toInput(image: Blob | Uint8Array, aligned: boolean, name: string): Promise<FaceInput | { error: string }> {
  const bytes = image instanceof Uint8Array ? image : new Uint8Array(await image.arrayBuffer());
  const decoded = await decodeImage(bytes, name);
  if (!decoded.ok) return { error: `${name} could not be decoded: ${decoded.reason}` };
  return { image: { rgba: decoded.rgba, width: decoded.width, height: decoded.height }, aligned };
}

/**
 * @param service a face-stack service over the loaded pack
 * @param pairs images to compare; both sides of all pairs are described in one batched call
 * @returns one score per pair, in order, centred on the service's descriptor mean
 */
export async function scoreFacePairs(service: FaceStackService, pairs: readonly FacePair[], signal?: AbortSignal): Promise<FacePairScore[]> {
  const mean = await service.descriptorMean(signal);
  const inputs: (FaceInput | { error: string })[] = [];
  for (const p of pairs) {
    throwIfAborted(signal);
    const [alignedA, alignedB] = typeof p.aligned === 'boolean' ? [p.aligned, p.aligned] : [p.aligned.a, p.aligned.b];
    inputs.push(await toInput(p.a, alignedA, `${p.faceId} (a)`), await toInput(p.b, alignedB, `${p.faceId} (b)`));
  }
  const decodable = inputs.filter((x): x is FaceInput => 'image' in x);
  const described = await service.describeFaces(decodable, { signal });
  const byInput = new Map<FaceInput, (typeof described)[number]>(decodable.map((x, i) => [x, described[i]]));
  const model = FACE_STACK_IDENTITY_MODEL.label;
  return pairs.map((p, k) => {
    const sides = [inputs[2 * k], inputs[2 * k + 1]].map((x) => ('image' in x ? byInput.get(x)! : { error: x.error, code: 'face/undecodable' as const }));
    const failed = sides.findIndex((r) => 'error' in r);
    if (failed >= 0) {
      const r = sides[failed] as { error: string; code: FacePairScore['code'] };
      return { faceId: p.faceId, model, centred: true, error: `${failed ? 'b' : 'a'}: ${r.error}`, code: r.code };
    }
    const [a, b] = sides as FaceDescription[];
    const warnings = [a.warning && `a: ${a.warning}`, b.warning && `b: ${b.warning}`].filter((w): w is string => Boolean(w));
    const score = service.identitySimilarity(a.descriptor, b.descriptor, mean);
    return {
      faceId: p.faceId,
      value: score.value,
      model,
      centred: score.centred,
      warnings: warnings.length ? warnings : undefined,
      templateFitRmse: [a.quality.templateFitRmse, b.quality.templateFitRmse],
    };
  });
}
