/**
 * @file Where a streaming import puts the pack's files: each appended piece becomes its own Blob at once
 * (a browser keeps Blob bytes outside the JS heap, in its blob storage, paged to disk when large), a file
 * is the Blob of its pieces (no copy), and sha256 and size are computed as the bytes go by. So a model is
 * never held twice, and every file's digest is known the moment it ends, before anything is stored.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { ExternalFileSink } from '../externalDataStream';

/** A finished pack file. */
export interface SunkFile {
  blob: Blob;
  bytes: number;
  sha256: string;
}

type Hasher = ReturnType<typeof sha256.create>;

/** Pieces are folded into one Blob every this many bytes, so a file is a short list of Blobs, not thousands. */
const FOLD_BYTES = 8 * 1024 * 1024;

function hex(digest: Uint8Array): string {
  let s = '';
  for (const b of digest) s += b.toString(16).padStart(2, '0');
  return s;
}

export class BlobPackFileSink implements ExternalFileSink {
  private readonly open = new Map<string, { parts: Blob[]; bytes: number; unfolded: number; hasher: Hasher }>();
  private readonly done = new Map<string, SunkFile>();

  append(path: string, bytes: Uint8Array): void {
    if (this.done.has(path)) throw new Error(`pack file "${path}" was already written`);
    let f = this.open.get(path);
    if (!f) {
      f = { parts: [], bytes: 0, unfolded: 0, hasher: sha256.create() };
      this.open.set(path, f);
    }
    f.hasher.update(bytes);
    f.parts.push(new Blob([bytes as BlobPart]));
    f.bytes += bytes.byteLength;
    f.unfolded += bytes.byteLength;
    if (f.unfolded >= FOLD_BYTES) {
      // A Blob of Blobs refers to its parts (no copy); folding lets the browser hand their bytes to blob storage early.
      f.parts = [new Blob(f.parts)];
      f.unfolded = 0;
    }
  }

  end(path: string): void {
    const f = this.open.get(path);
    if (!f) throw new Error(`pack file "${path}" was never started`);
    this.open.delete(path);
    this.done.set(path, { blob: new Blob(f.parts), bytes: f.bytes, sha256: hex(f.hasher.digest()) });
  }

  /** A whole (small) file: a model's protobuf, a constant, the manifest. */
  put(path: string, bytes: Uint8Array): void {
    this.append(path, bytes);
    this.end(path);
  }

  /** The finished file `path`; throws when it is missing or still open. */
  file(path: string): SunkFile {
    const f = this.done.get(path);
    if (!f) throw new Error(`pack file "${path}" is ${this.open.has(path) ? 'still being written' : 'missing'}`);
    return f;
  }

  /** Every finished file by path, in the order they ended. */
  files(): ReadonlyMap<string, SunkFile> {
    return this.done;
  }
}
