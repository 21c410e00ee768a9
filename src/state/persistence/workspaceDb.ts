/**
 * The workspace in IndexedDB (via idb-keyval): face metadata, source images, thumbnails and results, each
 * under its own key so one change never rewrites the whole workspace. A face has one result per variation
 * (keys in resultKeys.ts). Survives reloads; "Clear workspace" empties it.
 */
import { clear, createStore, delMany, entries, get, keys, set, setMany, type UseStore } from 'idb-keyval';
import { readStoredResults } from './readStoredResults';
import { resultKey, resultKeysOfFaces, type ResultRef } from './resultKeys';
import { rethrowAsStorageError } from './storageError';
import type { ResultRealismOffset } from '../../worker/protocol';

export interface FaceRecord {
  id: string;
  name: string;
  identity: string;
  index: number;
  width: number;
  height: number;
  addedAt: number;
}

export interface ResultRecord {
  faceId: string;
  /** Which of the face's variations (0-based). */
  variation: number;
  /** How many variations per face the run that made it asked for. */
  variationCount: number;
  packId: string;
  /** This variation's own seed (enhanceUnits.ts says how it derives from the run's base seed). */
  seed: number;
  /** Control values used, as shown in the manifest. */
  params: Record<string, number>;
  ms: number;
  width: number;
  height: number;
  finishedAt: number;
  error?: string;
  /** Identity similarity of the result to its source, once measured with the face stack. */
  similarity?: { value: number; model: string };
  /** Arc2Face results: λ and the Δ it was made with (absent in older workspaces and for augment packs). */
  realismOffset?: ResultRealismOffset;
}

export interface StoredWorkspace {
  faces: FaceRecord[];
  thumbs: Map<string, Blob>;
  results: ResultRecord[];
  /** Result images by `resultKey('resultpng', ref)`. */
  resultPngs: Map<string, Blob>;
}

let db: UseStore | null = null;
const store = () => (db ??= createStore('digi2real-workspace', 'kv'));

export async function saveFaces(items: { face: FaceRecord; source: Blob; thumb: Blob }[]): Promise<void> {
  const kv: [string, unknown][] = [];
  for (const { face, source, thumb } of items) kv.push([`face:${face.id}`, face], [`src:${face.id}`, source], [`thumb:${face.id}`, thumb]);
  await setMany(kv, store()).catch(rethrowAsStorageError);
}

export async function saveResult(result: ResultRecord, png: Blob | null): Promise<void> {
  const kv: [string, unknown][] = [[resultKey('result', result), result]];
  if (png) kv.push([resultKey('resultpng', result), png]);
  await setMany(kv, store()).catch(rethrowAsStorageError);
}

export const loadSource = (faceId: string) => get<Blob>(`src:${faceId}`, store());
export const loadResultPng = (ref: ResultRef) => get<Blob>(resultKey('resultpng', ref), store());

export async function deleteFaces(ids: string[]): Promise<void> {
  const resultKeys = resultKeysOfFaces((await keys(store())).map(String), new Set(ids));
  await delMany([...ids.flatMap((id) => [`face:${id}`, `src:${id}`, `thumb:${id}`]), ...resultKeys], store());
}

export async function deleteResults(refs: ResultRef[]): Promise<void> {
  if (refs.length === 0) return;
  await delMany(
    refs.flatMap((r) => [resultKey('result', r), resultKey('resultpng', r)]),
    store(),
  );
}

/**
 * Reads the whole workspace metadata and thumbnails (result images are Blobs backed by disk). Results saved
 * before variations are moved to their variation-0 keys on the way; if that rewrite fails they still load.
 */
export async function loadWorkspace(): Promise<StoredWorkspace> {
  const all = await entries<string, unknown>(store());
  const faces: FaceRecord[] = [];
  const thumbs = new Map<string, Blob>();
  for (const [k, v] of all) {
    const i = k.indexOf(':');
    const kind = k.slice(0, i);
    if (kind === 'face') faces.push(v as FaceRecord);
    else if (kind === 'thumb') thumbs.set(k.slice(i + 1), v as Blob);
  }
  const { results, pngs, migration } = readStoredResults(all);
  if (migration.put.length || migration.remove.length) {
    try {
      await setMany(migration.put, store());
      await delMany(migration.remove, store());
    } catch {
      // Old keys stay readable, so the next load tries again.
    }
  }
  return { faces, thumbs, results, resultPngs: pngs };
}

export async function saveSetting<T>(key: string, value: T): Promise<void> {
  await set(`setting:${key}`, value, store());
}

export const loadSetting = <T>(key: string) => get<T>(`setting:${key}`, store());

export async function clearWorkspace(): Promise<void> {
  await clear(store());
}
