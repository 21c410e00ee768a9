/**
 * @file A helper worker, started by the studio worker, that reads Blobs into ArrayBuffers and transfers them
 * back (see readBlobBytes.ts for why the read must happen on another thread).
 */
export interface BlobReadRequest {
  id: number;
  blob: Blob;
}

export type BlobReadReply = { id: number; bytes: ArrayBuffer } | { id: number; error: string };

self.onmessage = async (e: MessageEvent<BlobReadRequest>) => {
  const { id, blob } = e.data;
  try {
    const bytes = await blob.arrayBuffer();
    (self as unknown as Worker).postMessage({ id, bytes } satisfies BlobReadReply, [bytes]);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: (err as Error).message ?? String(err) } satisfies BlobReadReply);
  }
};
