/**
 * Reads a byte stream to its end while hashing (incremental SHA-256) and counting, reporting bytes as they
 * arrive. WebCrypto cannot hash incrementally, and buffering a 2 GB file to hash it at once is what we avoid.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { raceAbort } from '../../engine/progress/abort';

export interface HashedStream {
  sha256: string;
  bytes: number;
}

export async function hashStream(stream: ReadableStream<Uint8Array>, onBytes: (n: number) => void, signal?: AbortSignal): Promise<HashedStream> {
  const hasher = sha256.create();
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await raceAbort(reader.read(), signal);
      if (done) break;
      hasher.update(value);
      bytes += value.byteLength;
      onBytes(value.byteLength);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    reader.releaseLock();
  }
  const digest = hasher.digest();
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return { sha256: hex, bytes };
}
