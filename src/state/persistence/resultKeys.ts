/**
 * IndexedDB keys of enhancement results. Since variations, a face has one result per variation index:
 * `result:<faceId>/<k>` (metadata) and `resultpng:<faceId>/<k>` (image). Workspaces saved before then hold
 * `result:<faceId>` and `resultpng:<faceId>`; those read as variation 0 and are rewritten on load.
 */

/** A result's place: which face, which of its variations. */
export interface ResultRef {
  faceId: string;
  variation: number;
}

export type ResultKeyKind = 'result' | 'resultpng';

export const resultKey = (kind: ResultKeyKind, ref: ResultRef): string => `${kind}:${ref.faceId}/${ref.variation}`;

export interface ParsedResultKey extends ResultRef {
  kind: ResultKeyKind;
  /** Written before variations existed: to be moved to its variation-0 key. */
  legacy: boolean;
}

/** Reads a result key; null for every other key (faces, sources, thumbnails, settings). */
export function parseResultKey(key: string): ParsedResultKey | null {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  if (colon < 0 || (kind !== 'result' && kind !== 'resultpng')) return null;
  const rest = key.slice(colon + 1);
  const m = /^(.+)\/(\d{1,2})$/.exec(rest);
  if (m) return { kind, faceId: m[1], variation: Number(m[2]), legacy: false };
  return rest ? { kind, faceId: rest, variation: 0, legacy: true } : null;
}

/** Every key (metadata and image) of every result of these faces, among the keys in the store. */
export function resultKeysOfFaces(allKeys: readonly string[], faceIds: ReadonlySet<string>): string[] {
  return allKeys.filter((k) => {
    const p = parseResultKey(k);
    return p !== null && faceIds.has(p.faceId);
  });
}
