/** In-memory PackStore for Node (CLI, tests) and for browsers without Cache Storage. */
import { packFiles, type PackManifest } from '../manifest';
import { StorageQuotaError, type CachedPackSummary, type PackStore } from './packStore';

export class MemoryPackStore implements PackStore {
  readonly name = 'memory';
  private readonly files = new Map<string, Blob>();
  private readonly manifests = new Map<string, PackManifest>();
  private readonly aliases = new Map<string, string>();

  /** `quotaBytes` lets tests provoke a quota error. */
  constructor(private readonly quotaBytes = Infinity) {}

  private used(): number {
    let n = 0;
    for (const b of this.files.values()) n += b.size;
    return n;
  }

  async getFile(packId: string, sha256: string): Promise<Blob | null> {
    return this.files.get(`${packId}/${sha256}`) ?? null;
  }

  async putFile(packId: string, sha256: string, body: ReadableStream<Uint8Array> | Blob): Promise<void> {
    const blob = body instanceof Blob ? body : await new Response(body).blob();
    if (this.used() + blob.size > this.quotaBytes) throw new StorageQuotaError(`storage quota of ${this.quotaBytes} bytes exceeded`);
    this.files.set(`${packId}/${sha256}`, blob);
  }

  async deleteFile(packId: string, sha256: string): Promise<void> {
    this.files.delete(`${packId}/${sha256}`);
  }

  async getManifest(packIdOrAlias: string): Promise<PackManifest | null> {
    return this.manifests.get(this.aliases.get(packIdOrAlias) ?? packIdOrAlias) ?? null;
  }

  async putManifest(manifest: PackManifest, aliases: string[] = []): Promise<void> {
    this.manifests.set(manifest.id, manifest);
    for (const a of aliases) this.aliases.set(a, manifest.id);
  }

  async list(): Promise<CachedPackSummary[]> {
    return [...this.manifests.values()].map((manifest) => {
      const refs = packFiles(manifest);
      const present = refs.filter((f) => this.files.has(`${manifest.id}/${f.sha256}`));
      return { manifest, storedBytes: present.reduce((a, f) => a + f.bytes, 0), complete: present.length === refs.length };
    });
  }

  async deletePack(packId: string): Promise<void> {
    for (const k of [...this.files.keys()]) if (k.startsWith(`${packId}/`)) this.files.delete(k);
    this.manifests.delete(packId);
  }
}
