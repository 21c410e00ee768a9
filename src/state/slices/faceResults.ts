/**
 * The results of one face: one per variation, kept sorted by variation index. Pure list operations the
 * workspace slice applies, so the rules are tested without a store.
 */
import type { ResultRef } from '../persistence/resultKeys';

interface HasVariation {
  variation: number;
  error?: string;
}

/** Puts `r` in place of the face's result with the same variation, or inserts it in order. */
export function upsertVariation<R extends HasVariation>(list: readonly R[] | undefined, r: R): R[] {
  const out = (list ?? []).filter((x) => x.variation !== r.variation);
  const at = out.findIndex((x) => x.variation > r.variation);
  out.splice(at < 0 ? out.length : at, 0, r);
  return out;
}

/** The variations a new run with `count` variations will not replace: those it must drop. */
export function variationsBeyond<R extends HasVariation>(faceId: string, list: readonly R[] | undefined, count: number): ResultRef[] {
  return (list ?? []).filter((r) => r.variation >= count).map((r) => ({ faceId, variation: r.variation }));
}

/** A face with any failed variation is 'failed' (its error shows on the tile); otherwise 'done'. */
export function settledStatus(list: readonly HasVariation[]): 'done' | 'failed' {
  return list.some((r) => r.error) ? 'failed' : 'done';
}

/** The first error among the face's variations, labelled with its variation when there are several. */
export function firstError(list: readonly HasVariation[]): string | undefined {
  const bad = list.find((r) => r.error);
  if (!bad) return undefined;
  return list.length > 1 ? `variation ${bad.variation + 1}: ${bad.error}` : bad.error;
}
