/**
 * Reads a pack file's Blob into memory on another thread when it can. ORT creates a session synchronously
 * on the worker's thread, and a Blob read delivers its data to the thread that asked for it, so a read the
 * studio worker starts before creating one session makes no progress until that session is done: a cached
 * load of the bench pack waited 1.8 s for the UNet's bytes after the text encoder's session
 * (docs/performance.md, "Pack load"). A helper worker reads in the meantime and transfers the buffer
 * (no copy). Where workers cannot start one (Node, tests), or the helper fails, the read happens here.
 */
import type { BlobReadReply, BlobReadRequest } from './blobReader.worker';

type Pending = { resolve: (b: Uint8Array) => void; reject: (e: Error) => void };

let helper: Worker | null | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function startHelper(): Worker | null {
  if (helper !== undefined) return helper;
  helper = null;
  if (typeof Worker === 'undefined' || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined') return null;
  try {
    const w = new Worker(new URL('./blobReader.worker.ts', import.meta.url), { type: 'module', name: 'digi2real-blob-reader' });
    w.onmessage = (e: MessageEvent<BlobReadReply>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (!p) return;
      if ('bytes' in e.data) p.resolve(new Uint8Array(e.data.bytes));
      else p.reject(new Error(e.data.error));
    };
    // A helper that cannot load or dies: the reads it holds fail over to this thread, and so do later ones.
    w.onerror = () => {
      helper = null;
      w.terminate();
      for (const p of pending.values()) p.reject(new Error('blob reader worker failed'));
      pending.clear();
    };
    helper = w;
  } catch {
    helper = null;
  }
  return helper;
}

async function readHere(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export async function readBlobBytes(blob: Blob): Promise<Uint8Array> {
  const w = startHelper();
  if (!w) return readHere(blob);
  const id = nextId++;
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, blob } satisfies BlobReadRequest);
    });
  } catch {
    return readHere(blob);
  }
}
