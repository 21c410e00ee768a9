/**
 * PackStore on the Cache Storage API (available in workers). Responses are stored from streams, so a
 * multi-gigabyte weight file goes to disk without a copy in the JS heap, and comes back as a disk-backed Blob.
 */
import { packFiles, type PackManifest } from '../manifest';
import { isQuotaError, StorageQuotaError, type CachedPackSummary, type PackStore } from './packStore';

const CACHE_NAME = 'digi2real-packs-v1';

export class CacheStoragePackStore implements PackStore {
  readonly name = 'Cache Storage';

  /** Keys are URLs on our own origin under a path the app never serves; they are only cache keys. */
  constructor(private readonly origin: string) {}

  private fileKey(packId: string, sha256: string): string {
    return `${this.origin}/__digi2real-pack-cache/${encodeURIComponent(packId)}/${sha256}`;
  }

  private manifestKey(packId: string): string {
    return `${this.origin}/__digi2real-pack-cache/${encodeURIComponent(packId)}/manifest.json`;
  }

  private open(): Promise<Cache> {
    return caches.open(CACHE_NAME);
  }

  async getFile(packId: string, sha256: string): Promise<Blob | null> {
    const r = await (await this.open()).match(this.fileKey(packId, sha256));
    return r ? r.blob() : null;
  }

  async putFile(packId: string, sha256: string, body: ReadableStream<Uint8Array> | Blob): Promise<void> {
    try {
      await (await this.open()).put(this.fileKey(packId, sha256), new Response(body, { headers: { 'Content-Type': 'application/octet-stream' } }));
    } catch (e) {
      if (isQuotaError(e)) throw new StorageQuotaError(`The browser's storage quota is full (${(e as Error).message})`);
      throw e;
    }
  }

  async deleteFile(packId: string, sha256: string): Promise<void> {
    await (await this.open()).delete(this.fileKey(packId, sha256));
  }

  private aliasKey(alias: string): string {
    return `${this.origin}/__digi2real-pack-alias/${encodeURIComponent(alias)}`;
  }

  async getManifest(packIdOrAlias: string): Promise<PackManifest | null> {
    const cache = await this.open();
    const alias = await cache.match(this.aliasKey(packIdOrAlias));
    const id = alias ? await alias.text() : packIdOrAlias;
    const r = await cache.match(this.manifestKey(id));
    return r ? ((await r.json()) as PackManifest) : null;
  }

  async putManifest(manifest: PackManifest, aliases: string[] = []): Promise<void> {
    try {
      const cache = await this.open();
      await cache.put(this.manifestKey(manifest.id), new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json' } }));
      for (const a of aliases) await cache.put(this.aliasKey(a), new Response(manifest.id));
    } catch (e) {
      if (isQuotaError(e)) throw new StorageQuotaError(`The browser's storage quota is full (${(e as Error).message})`);
      throw e;
    }
  }

  async list(): Promise<CachedPackSummary[]> {
    const cache = await this.open();
    const keys = await cache.keys();
    const out: CachedPackSummary[] = [];
    for (const req of keys) {
      if (!req.url.endsWith('/manifest.json')) continue;
      const r = await cache.match(req);
      if (!r) continue;
      const manifest = (await r.json()) as PackManifest;
      let storedBytes = 0;
      let complete = true;
      for (const f of packFiles(manifest)) {
        if (await cache.match(this.fileKey(manifest.id, f.sha256))) storedBytes += f.bytes;
        else complete = false;
      }
      out.push({ manifest, storedBytes, complete });
    }
    return out;
  }

  async deletePack(packId: string): Promise<void> {
    const cache = await this.open();
    const prefix = `${this.origin}/__digi2real-pack-cache/${encodeURIComponent(packId)}/`;
    for (const req of await cache.keys()) {
      if (req.url.startsWith(prefix)) await cache.delete(req);
      else if (req.url.startsWith(`${this.origin}/__digi2real-pack-alias/`) && (await (await cache.match(req))?.text()) === packId) await cache.delete(req);
    }
  }
}
