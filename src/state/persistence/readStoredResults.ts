/**
 * Reads the result entries of a stored workspace into records with a variation index, and plans the
 * migration of entries saved before variations (one result per face, no `variation` field) to their
 * variation-0 keys. Pure, so the migration is tested without IndexedDB.
 */
import { parseResultKey, resultKey, type ResultRef } from './resultKeys';
import type { ResultRecord } from './workspaceDb';

export interface StoredResults {
  results: ResultRecord[];
  /** Result images by `resultKey('resultpng', ref)`. */
  pngs: Map<string, Blob>;
  /** Entries to write under their new keys, and old keys to delete afterwards. */
  migration: { put: [string, unknown][]; remove: string[] };
}

/** Older records lack `variation` (they are variation 0) and `variationCount` (their run made one). */
export function normaliseResultRecord(r: ResultRecord, ref: ResultRef): ResultRecord {
  return { ...r, faceId: ref.faceId, variation: ref.variation, variationCount: Math.max(r.variationCount ?? 1, ref.variation + 1) };
}

export function readStoredResults(entries: Iterable<[string, unknown]>): StoredResults {
  const byRef = new Map<string, ResultRecord>();
  const pngs = new Map<string, Blob>();
  const put: [string, unknown][] = [];
  const remove: string[] = [];
  const legacy: [string, unknown, ReturnType<typeof parseResultKey>][] = [];
  for (const [key, value] of entries) {
    const p = parseResultKey(key);
    if (!p) continue;
    if (p.legacy) {
      legacy.push([key, value, p]);
      continue;
    }
    if (p.kind === 'result') byRef.set(resultKey('result', p), normaliseResultRecord(value as ResultRecord, p));
    else pngs.set(resultKey('resultpng', p), value as Blob);
  }
  // A legacy entry moves to variation 0 unless a newer variation-0 entry already exists (a half-finished
  // earlier migration); then it is only deleted.
  for (const [key, value, p] of legacy) {
    remove.push(key);
    const target = resultKey(p!.kind, p!);
    if (p!.kind === 'result') {
      if (byRef.has(target)) continue;
      const record = normaliseResultRecord(value as ResultRecord, p!);
      byRef.set(target, record);
      put.push([target, record]);
    } else {
      if (pngs.has(target)) continue;
      pngs.set(target, value as Blob);
      put.push([target, value]);
    }
  }
  return { results: [...byRef.values()], pngs, migration: { put, remove } };
}
