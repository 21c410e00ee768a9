/**
 * The workspace in IndexedDB (via idb-keyval): face metadata, source images, thumbnails and results, each
 * under its own key so one change never rewrites the whole workspace. Survives reloads; "Clear workspace"
 * empties it.
 */
import { clear, createStore, del, delMany, entries, get, set, setMany, type UseStore } from 'idb-keyval';

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
  packId: string;
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
}

export interface StoredWorkspace {
  faces: FaceRecord[];
  thumbs: Map<string, Blob>;
  results: Map<string, ResultRecord>;
  resultThumbs: Map<string, Blob>;
}

let db: UseStore | null = null;
const store = () => (db ??= createStore('digi2real-workspace', 'kv'));

export async function saveFaces(items: { face: FaceRecord; source: Blob; thumb: Blob }[]): Promise<void> {
  const kv: [string, unknown][] = [];
  for (const { face, source, thumb } of items) kv.push([`face:${face.id}`, face], [`src:${face.id}`, source], [`thumb:${face.id}`, thumb]);
  await setMany(kv, store());
}

export async function saveResult(result: ResultRecord, png: Blob | null): Promise<void> {
  const kv: [string, unknown][] = [[`result:${result.faceId}`, result]];
  if (png) kv.push([`resultpng:${result.faceId}`, png]);
  await setMany(kv, store());
}

export const loadSource = (faceId: string) => get<Blob>(`src:${faceId}`, store());
export const loadResultPng = (faceId: string) => get<Blob>(`resultpng:${faceId}`, store());

export async function deleteFaces(ids: string[]): Promise<void> {
  await delMany(
    ids.flatMap((id) => [`face:${id}`, `src:${id}`, `thumb:${id}`, `result:${id}`, `resultpng:${id}`]),
    store(),
  );
}

export async function deleteResult(faceId: string): Promise<void> {
  await Promise.all([del(`result:${faceId}`, store()), del(`resultpng:${faceId}`, store())]);
}

/** Reads the whole workspace metadata and thumbnails (result images stay on disk until opened). */
export async function loadWorkspace(): Promise<StoredWorkspace> {
  const all = await entries<string, unknown>(store());
  const faces: FaceRecord[] = [];
  const thumbs = new Map<string, Blob>();
  const results = new Map<string, ResultRecord>();
  const resultThumbs = new Map<string, Blob>();
  for (const [k, v] of all) {
    const i = k.indexOf(':');
    const kind = k.slice(0, i);
    const id = k.slice(i + 1);
    if (kind === 'face') faces.push(v as FaceRecord);
    else if (kind === 'thumb') thumbs.set(id, v as Blob);
    else if (kind === 'result') results.set(id, v as ResultRecord);
    else if (kind === 'resultpng') resultThumbs.set(id, v as Blob);
  }
  return { faces, thumbs, results, resultThumbs };
}

export async function saveSetting<T>(key: string, value: T): Promise<void> {
  await set(`setting:${key}`, value, store());
}

export const loadSetting = <T>(key: string) => get<T>(`setting:${key}`, store());

export async function clearWorkspace(): Promise<void> {
  await clear(store());
}
