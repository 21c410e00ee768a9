/**
 * A zip sink for browsers without a picked file: archive chunks are folded into a Blob every few MiB. A
 * Blob's bytes live in the browser's blob storage (Chromium keeps them in the browser process and spills
 * large ones to disk), not in this worker's JS heap, so an export of thousands of images holds at most one
 * batch of chunks as ArrayBuffers. Keeping every chunk in an array until the end would hold the whole
 * archive in JS memory.
 */
import type { ZipExportSink } from '../../io/createZipExportStream';

/** Chunks held before they are folded into a Blob: large enough that there are few Blobs (one per ~4 MiB). */
export const BLOB_BATCH_BYTES = 4 * 2 ** 20;

export interface BlobPartsSink extends ZipExportSink {
  /** Bytes still held as JS arrays (not yet folded into a Blob). */
  readonly heldBytes: number;
  /** The whole archive; folds what is still held. */
  close(type: string): Blob;
  /** Drops everything written so far. */
  discard(): void;
}

export function createBlobPartsSink(batchBytes = BLOB_BATCH_BYTES): BlobPartsSink {
  let blobs: Blob[] = [];
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  const fold = () => {
    if (held.length === 0) return;
    blobs.push(new Blob(held as BlobPart[]));
    held = [];
    heldBytes = 0;
  };
  return {
    get heldBytes() { return heldBytes; },
    write(chunk) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= batchBytes) fold();
    },
    close(type) {
      fold();
      return new Blob(blobs, { type });
    },
    discard() {
      blobs = [];
      held = [];
      heldBytes = 0;
    },
  };
}
