import { beforeAll, describe, expect, it } from 'vitest';
import { buildSelfTestPack } from '../builtin/selfTestPack';
import type { AssembledPack } from '../assemblePack';
import { MemoryPackStore } from '../store/memoryPackStore';
import type { Progress } from '../../engine/progress/progress';
import { loadPack, type FetchLike } from './loadPack';
import { sha256Hex } from '../sha256';

const BASE = 'http://studio.test/models/';

let pack: AssembledPack;
beforeAll(async () => {
  pack = await buildSelfTestPack();
});

/** Serves a pack's files over a fake fetch, optionally tampered, and counts requests. */
function server(files: Map<string, Uint8Array>, opts: { chunk?: number; delayMs?: number } = {}) {
  const requests: string[] = [];
  const fetchFn: FetchLike = async (url, init) => {
    requests.push(url);
    const name = decodeURIComponent(url.slice(`${BASE}self-test/`.length));
    const bytes = files.get(name);
    if (!bytes) return new Response('not found', { status: 404 });
    const chunk = opts.chunk ?? 1024;
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (init?.signal?.aborted) return c.error(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (i >= bytes.length) return c.close();
        c.enqueue(bytes.slice(i, i + chunk));
        i += chunk;
      },
    });
    return new Response(body, { status: 200 });
  };
  return { fetchFn, requests };
}

const opts = (fetchFn: FetchLike, store: MemoryPackStore | null, onProgress?: (p: Progress) => void) => ({
  store,
  fetch: fetchFn,
  builtinBase: BASE,
  jobId: 'load-1',
  onProgress,
});

describe('loadPack', () => {
  it('streams, verifies and caches; the second load needs no network', async () => {
    const store = new MemoryPackStore();
    const { fetchFn, requests } = server(pack.files);
    const progress: Progress[] = [];
    const first = await loadPack({ kind: 'builtin', id: 'self-test' }, opts(fetchFn, store, (p) => progress.push(p)));
    expect(first.manifest.id).toBe('self-test');
    const model = new Uint8Array(await first.files.get('model.onnx')!.arrayBuffer());
    expect(await sha256Hex(model)).toBe(pack.manifest.components.model.sha256);
    expect(first.fromSourceBytes).toBe(pack.files.get('model.onnx')!.byteLength);
    // Progress never goes backwards, keeps one total and ends at 100 %.
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
    expect(new Set(progress.map((p) => p.total)).size).toBe(1);
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    expect(requests.length).toBe(2);

    const offline: FetchLike = async () => {
      throw new Error('network blocked');
    };
    const second = await loadPack({ kind: 'builtin', id: 'self-test' }, opts(offline, store));
    expect(second.fromSourceBytes).toBe(0);
    expect(second.fromCacheBytes).toBe(first.fromSourceBytes);
    expect((await store.list())[0]).toMatchObject({ complete: true });
  });

  it('names the pack and every problem of a malformed manifest', async () => {
    const bad = new Map(pack.files);
    const m = JSON.parse(new TextDecoder().decode(pack.files.get('manifest.json')));
    m.kind = 'wizard';
    m.components.model.sha256 = 'xyz';
    delete m.licences;
    bad.set('manifest.json', new TextEncoder().encode(JSON.stringify(m)));
    const err = await loadPack({ kind: 'builtin', id: 'self-test' }, opts(server(bad).fetchFn, null)).catch((e) => e);
    expect(err.code).toBe('pack-invalid');
    expect(err.message).toContain('Pack "self-test"');
    expect(err.problems).toHaveLength(3);
    const notJson = new Map(pack.files).set('manifest.json', new TextEncoder().encode('{"id": '));
    await expect(loadPack({ kind: 'builtin', id: 'self-test' }, opts(server(notJson).fetchFn, null))).rejects.toThrow(/not valid JSON/);
  });

  it('reports a missing file, a truncated download and a checksum mismatch, caching none of them', async () => {
    const store = new MemoryPackStore();
    const missing = new Map(pack.files);
    missing.delete('model.onnx');
    await expect(loadPack({ kind: 'builtin', id: 'self-test' }, opts(server(missing).fetchFn, store))).rejects.toMatchObject({ code: 'pack-missing-file' });

    const truncated = new Map(pack.files).set('model.onnx', pack.files.get('model.onnx')!.slice(0, 1000));
    await expect(loadPack({ kind: 'builtin', id: 'self-test' }, opts(server(truncated).fetchFn, store))).rejects.toThrow(/truncated or the wrong size: got 1000 bytes/);

    const flipped = pack.files.get('model.onnx')!.slice();
    flipped[100] ^= 0xff;
    const tampered = new Map(pack.files).set('model.onnx', flipped);
    await expect(loadPack({ kind: 'builtin', id: 'self-test' }, opts(server(tampered).fetchFn, store))).rejects.toMatchObject({ code: 'pack-checksum' });
    expect(await store.list()).toEqual([]);
    expect(await store.getFile('self-test', pack.manifest.components.model.sha256)).toBeNull();
  });

  it('refuses a pack too large for the device before downloading weights', async () => {
    const { fetchFn, requests } = server(pack.files);
    await expect(loadPack({ kind: 'builtin', id: 'self-test' }, { ...opts(fetchFn, null), memoryBudgetBytes: 100 })).rejects.toMatchObject({ code: 'pack-too-large' });
    expect(requests).toEqual([`${BASE}self-test/manifest.json`]);
  });

  it('keeps working when storage is full, with a warning', async () => {
    const store = new MemoryPackStore(10);
    const r = await loadPack({ kind: 'builtin', id: 'self-test' }, opts(server(pack.files).fetchFn, store));
    expect(r.cacheWarning).toMatch(/Not enough browser storage/);
    expect(r.files.get('model.onnx')!.size).toBe(pack.manifest.components.model.bytes);
  });

  it('stops promptly on cancel', async () => {
    const c = new AbortController();
    const { fetchFn } = server(pack.files, { chunk: 64, delayMs: 20 });
    const p = loadPack({ kind: 'builtin', id: 'self-test' }, { ...opts(fetchFn, new MemoryPackStore()), signal: c.signal });
    setTimeout(() => c.abort(), 100);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('loads from picked files and says which one is missing', async () => {
    const files = [...pack.files].map(([name, bytes]) => ({ name: `my-pack/${name}`, blob: new Blob([bytes as BlobPart]) }));
    const r = await loadPack({ kind: 'files', files }, opts(server(new Map()).fetchFn, new MemoryPackStore()));
    expect(r.manifest.id).toBe('self-test');
    const noModel = files.filter((f) => !f.name.endsWith('model.onnx'));
    await expect(loadPack({ kind: 'files', files: noModel }, opts(server(new Map()).fetchFn, null))).rejects.toThrow(/"model.onnx" named in the manifest was not among the picked files/);
    await expect(loadPack({ kind: 'files', files: noModel.filter((f) => !f.name.endsWith('manifest.json')) }, opts(server(new Map()).fetchFn, null))).rejects.toThrow(/no manifest.json/);
  });
});
