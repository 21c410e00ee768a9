/**
 * Loads a pack: manifest → validation → each file from the store, or streamed from its source with byte
 * progress, checked against its size and sha256, and stored for the next visit. Nothing is registered
 * unless every file arrives intact, so a failed load never replaces a working pack.
 */
import { raceAbort, throwIfAborted } from '../../engine/progress/abort';
import type { ProgressSink } from '../../engine/progress/progress';
import { PackError, packBytes, packFiles, parseManifest, type FileRef, type PackManifest } from '../manifest';
import { isQuotaError, type PackStore } from '../store/packStore';
import { hashStream } from './hashStream';
import { describeSource, packBaseUrl, type PackSource } from './packSource';

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface LoadedPack {
  manifest: PackManifest;
  /** File name → contents (disk-backed Blobs when they came from Cache Storage). */
  files: Map<string, Blob>;
  /** How many bytes came from the store vs the source. */
  fromCacheBytes: number;
  fromSourceBytes: number;
  /** Set when the pack works but could not be cached (e.g. storage quota). */
  cacheWarning?: string;
}

export interface LoadPackOptions {
  store: PackStore | null;
  fetch: FetchLike;
  /** Base URL of the app's built-in `models/` folder, ending in '/'. */
  builtinBase: string;
  jobId: string;
  onProgress?: ProgressSink;
  signal?: AbortSignal;
  /** Refuse packs whose declared memory need is above this (bytes). */
  memoryBudgetBytes?: number;
  now?: () => number;
}

function baseFor(source: PackSource, builtinBase: string): string | null {
  if (source.kind === 'cached' || source.kind === 'files') return null;
  if (source.kind === 'builtin') return `${builtinBase}${encodeURIComponent(source.id)}/`;
  if (source.kind === 'url') return packBaseUrl(source);
  return null;
}

async function fetchOk(fetchFn: FetchLike, url: string, what: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new PackError('pack-download', `${what}: could not be downloaded from ${url} (${(e as Error).message})`);
  }
  if (res.status === 404) throw new PackError('pack-missing-file', `${what}: file not found at ${url} (HTTP 404)`);
  if (!res.ok) throw new PackError('pack-download', `${what}: download failed with HTTP ${res.status} from ${url}`);
  return res;
}

/** The store alias that lets an offline visit find a pack's manifest by where it came from. */
function sourceAlias(source: PackSource, builtinBase: string): string | null {
  if (source.kind === 'files' || source.kind === 'cached') return null;
  return `${source.kind}:${baseFor(source, builtinBase)}`;
}

async function readManifest(source: PackSource, opts: LoadPackOptions): Promise<PackManifest> {
  const label = source.kind === 'builtin' ? source.id : describeSource(source);
  if (source.kind === 'cached') {
    const m = opts.store ? await opts.store.getManifest(source.id) : null;
    if (!m) throw new PackError('pack-missing-file', `Pack "${source.id}" is not in this browser's cache any more`);
    return m;
  }
  if (source.kind === 'files') {
    const m = source.files.find((f) => f.name === 'manifest.json' || f.name.endsWith('/manifest.json'));
    if (!m) throw new PackError('pack-missing-file', `Pack from ${label}: no manifest.json among the picked files`);
    return parseManifest(await m.blob.text(), label);
  }
  const base = baseFor(source, opts.builtinBase)!;
  let res: Response;
  try {
    res = await fetchOk(opts.fetch, `${base}manifest.json`, `Pack "${label}" manifest`, opts.signal);
  } catch (e) {
    // Offline (or the server is gone): a pack cached on an earlier visit still loads.
    const alias = sourceAlias(source, opts.builtinBase);
    const cached = e instanceof PackError && e.code === 'pack-download' && opts.store && alias ? await opts.store.getManifest(alias) : null;
    if (cached) return cached;
    throw e;
  }
  return parseManifest(await res.text(), label);
}

function pickedFile(source: Extract<PackSource, { kind: 'files' }>, name: string): Blob | undefined {
  return source.files.find((f) => f.name === name || f.name.endsWith(`/${name}`))?.blob;
}

export async function loadPack(source: PackSource, opts: LoadPackOptions): Promise<LoadedPack> {
  const now = opts.now ?? (() => performance.now());
  throwIfAborted(opts.signal);
  const manifest = await raceAbort(readManifest(source, opts), opts.signal);
  const id = manifest.id;
  const total = packBytes(manifest);
  const need = manifest.memoryBytes ?? total;
  if (opts.memoryBudgetBytes !== undefined && need > opts.memoryBudgetBytes) {
    throw new PackError(
      'pack-too-large',
      `Pack "${id}" needs about ${(need / 2 ** 30).toFixed(1)} GiB but this device allows about ${(opts.memoryBudgetBytes / 2 ** 30).toFixed(1)} GiB for models`,
    );
  }

  const files = new Map<string, Blob>();
  let fromCacheBytes = 0;
  let fromSourceBytes = 0;
  let cacheWarning: string | undefined;
  let store = opts.store;
  const started = now();
  let doneBytes = 0;
  const report = (detail: string) => {
    const elapsed = now() - started;
    const etaMs = doneBytes > 0 && fromSourceBytes + doneBytes > 0 ? (elapsed / doneBytes) * Math.max(0, total - doneBytes) : null;
    opts.onProgress?.({ jobId: opts.jobId, phase: 'download', done: doneBytes, total, etaMs, detail });
  };
  report('manifest.json');

  const base = baseFor(source, opts.builtinBase);
  for (const ref of packFiles(manifest)) {
    throwIfAborted(opts.signal);
    const cached = store ? await store.getFile(id, ref.sha256) : null;
    if (cached && cached.size === ref.bytes) {
      files.set(ref.file, cached);
      fromCacheBytes += ref.bytes;
      doneBytes += ref.bytes;
      report(ref.file);
      continue;
    }
    const before = doneBytes;
    const onBytes = (n: number) => {
      doneBytes += n;
      report(ref.file);
    };
    let r = await receive(await openFile(source, base, ref, id, opts), ref, id, store, opts.signal, onBytes);
    if (!r.blob) {
      // The store refused the file (quota): keep working without it and read the file again into memory.
      cacheWarning = r.warning;
      store = null;
      doneBytes = before;
      r = await receive(await openFile(source, base, ref, id, opts), ref, id, null, opts.signal, onBytes);
    }
    files.set(ref.file, r.blob!);
    fromSourceBytes += ref.bytes;
  }
  if (store) {
    try {
      const alias = sourceAlias(source, opts.builtinBase);
      await store.putManifest(manifest, alias ? [alias] : []);
    } catch (e) {
      cacheWarning = `Pack "${id}" works now but could not be cached for the next visit: ${(e as Error).message}`;
    }
  }
  opts.onProgress?.({ jobId: opts.jobId, phase: 'download', done: total, total, etaMs: 0, detail: 'verified' });
  return { manifest, files, fromCacheBytes, fromSourceBytes, cacheWarning };
}

async function openFile(source: PackSource, base: string | null, ref: FileRef, id: string, opts: LoadPackOptions): Promise<ReadableStream<Uint8Array>> {
  if (source.kind === 'cached') throw new PackError('pack-missing-file', `Pack "${id}": file "${ref.file}" is missing from this browser's cache; import the pack again`);
  if (source.kind === 'files') {
    const blob = pickedFile(source, ref.file);
    if (!blob) throw new PackError('pack-missing-file', `Pack "${id}": file "${ref.file}" named in the manifest was not among the picked files`);
    return blob.stream();
  }
  const res = await fetchOk(opts.fetch, `${base}${ref.file.split('/').map(encodeURIComponent).join('/')}`, `Pack "${id}" file "${ref.file}"`, opts.signal);
  if (!res.body) throw new PackError('pack-download', `Pack "${id}" file "${ref.file}": the response had no body`);
  return res.body;
}

/**
 * Streams one file into the store (or into memory when there is no store) while hashing it, then checks
 * size and sha256; a bad file is removed from the store again. Returns no blob when the store refused it.
 */
async function receive(
  body: ReadableStream<Uint8Array>,
  ref: FileRef,
  id: string,
  store: PackStore | null,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<{ blob: Blob | null; warning?: string }> {
  const [toStore, toHash] = body.tee();
  const kept: Promise<Blob | null> = store
    ? store.putFile(id, ref.sha256, toStore).then(() => store.getFile(id, ref.sha256))
    : new Response(toStore).blob();
  // Never leave the promise unobserved while hashing: a quota error is handled below.
  kept.catch(() => undefined);
  const hashed = await hashStream(toHash, onBytes, signal, ref.bytes);
  let blob: Blob | null = null;
  let warning: string | undefined;
  try {
    blob = await kept;
  } catch (e) {
    warning = isQuotaError(e)
      ? `Not enough browser storage to cache pack "${id}"; it works for this visit and will be downloaded again next time`
      : `Pack "${id}" could not be cached: ${(e as Error).message}`;
  }
  const bad =
    hashed.bytes !== ref.bytes
      ? new PackError('pack-download', `Pack "${id}" file "${ref.file}" is truncated or the wrong size: got ${hashed.bytes} bytes, the manifest says ${ref.bytes}`)
      : hashed.sha256 !== ref.sha256
        ? new PackError('pack-checksum', `Pack "${id}" file "${ref.file}" failed its sha256 check (got ${hashed.sha256.slice(0, 12)}…, expected ${ref.sha256.slice(0, 12)}…)`)
        : null;
  if (bad) {
    if (store && blob) await store.deleteFile(id, ref.sha256).catch(() => undefined);
    throw bad;
  }
  return { blob, warning };
}
