/**
 * Where loaded packs are kept between visits. Files are keyed by pack id and sha256, so a changed file
 * is a new entry and a stale one can never be served for it.
 */
import type { PackManifest } from '../manifest';

export interface CachedPackSummary {
  manifest: PackManifest;
  /** Bytes of the pack's files present in the store. */
  storedBytes: number;
  /** True when every file the manifest names is present. */
  complete: boolean;
}

export interface PackStore {
  readonly name: string;
  getFile(packId: string, sha256: string): Promise<Blob | null>;
  /**
   * Stores a file from a stream or a Blob without holding it in the JS heap (where the store allows). A
   * Blob goes in as it is (no pass through JS at all): the in-browser importer's files are Blobs.
   */
  putFile(packId: string, sha256: string, body: ReadableStream<Uint8Array> | Blob): Promise<void>;
  deleteFile(packId: string, sha256: string): Promise<void>;
  /** By pack id, or by a source alias given to putManifest (e.g. "url:https://…/pack/"). */
  getManifest(packIdOrAlias: string): Promise<PackManifest | null>;
  /** Stores the manifest under its id and under each alias, so an offline load can find it by its source. */
  putManifest(manifest: PackManifest, aliases?: string[]): Promise<void>;
  list(): Promise<CachedPackSummary[]>;
  deletePack(packId: string): Promise<void>;
}

/** Raised when the browser refuses to store more (QuotaExceededError); what was stored before stays. */
export class StorageQuotaError extends Error {
  readonly code = 'storage-quota';
  constructor(message: string) {
    super(message);
    this.name = 'StorageQuotaError';
  }
}

export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'StorageQuotaError' || /quota/i.test(String((e as Error)?.message ?? ''));
}
