/**
 * Reads a byte stream to its end while hashing (SHA-256) and counting, reporting bytes as they arrive.
 * Files up to {@link WHOLE_BUFFER_HASH_LIMIT} are gathered and hashed by WebCrypto in one call: native
 * SHA-256 is 10–30× faster than hashing in JS, which made a cold pack load several times slower than creating
 * its sessions. Larger files (multi-GB weights) are hashed incrementally in JS instead, since WebCrypto
 * cannot hash incrementally and buffering gigabytes to hash them at once is what we avoid.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { raceAbort } from '../../engine/progress/abort';

export interface HashedStream {
  sha256: string;
  bytes: number;
}

/** Largest file hashed as one buffer (its bytes are held for a moment, once). */
export const WHOLE_BUFFER_HASH_LIMIT = 256 * 1024 * 1024;

function hex(digest: Uint8Array): string {
  let s = '';
  for (const b of digest) s += b.toString(16).padStart(2, '0');
  return s;
}

/** `expectedBytes`: the size the file should have; it picks the hashing method (a wrong size is still measured, not trusted). */
export async function hashStream(stream: ReadableStream<Uint8Array>, onBytes: (n: number) => void, signal?: AbortSignal, expectedBytes?: number): Promise<HashedStream> {
  const whole = expectedBytes !== undefined && expectedBytes <= WHOLE_BUFFER_HASH_LIMIT && typeof crypto !== 'undefined' && Boolean(crypto.subtle);
  const hasher = whole ? null : sha256.create();
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await raceAbort(reader.read(), signal);
      if (done) break;
      if (hasher) hasher.update(value);
      else chunks.push(value);
      bytes += value.byteLength;
      onBytes(value.byteLength);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    reader.releaseLock();
  }
  if (hasher) return { sha256: hex(hasher.digest()), bytes };
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  chunks.length = 0;
  return { sha256: hex(new Uint8Array(await crypto.subtle.digest('SHA-256', all))), bytes };
}
