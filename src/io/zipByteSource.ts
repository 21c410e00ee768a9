/**
 * @file Random access to an archive's bytes. A zip's index (central directory) is at its end,
 * so a Blob/File is read by slices — a 4 GB DigiFace zip never has to fit in one ArrayBuffer —
 * while a stream has to be buffered first, within maxArchiveBytes.
 */
import { ZipError } from './zipError';

export type ZipSource = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

export interface ZipByteSource {
  readonly size: number;
  /** Bytes [offset, offset + length), clipped to the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export async function toZipByteSource(source: ZipSource, maxArchiveBytes: number): Promise<ZipByteSource> {
  if (source instanceof Uint8Array) return bytesSource(source);
  if (source instanceof ArrayBuffer) return bytesSource(new Uint8Array(source));
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const blob = source;
    return {
      size: blob.size,
      read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
    };
  }
  return bytesSource(await drain(source as ReadableStream<Uint8Array>, maxArchiveBytes));
}

function bytesSource(bytes: Uint8Array): ZipByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

async function drain(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new ZipError('ARCHIVE_TOO_LARGE', `archive stream exceeds ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
