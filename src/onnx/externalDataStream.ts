/**
 * @file Lays initializers out into external-data files while a graph is being built, tensor by tensor,
 * with the same rules as planExternalData (externalData.ts): tensors under `minBytes` stay inline, offsets
 * are aligned (zero padding in between), and a file rolls over to `<fileName>.1`, `.2`, … when the next
 * tensor would pass `chunkBytes` (≤ 2000 MB). Bytes go straight to a sink, so the caller decides where
 * they live (Blob parts, a file) and the builder drops them (GraphBuilderOptions.streamInitializers).
 */
import { MAX_EXTERNAL_FILE_BYTES, type ExternalDataOptions, type ExternalPlacement } from './externalData';
import type { InitializerStream } from './graphBuilder';
import { rawBytes, type TensorData } from './tensorData';

/** Where streamed external-data bytes go: appended to a file, which is ended before the next one starts. */
export interface ExternalFileSink {
  append(path: string, bytes: Uint8Array): void;
  end(path: string): void;
}

export class ExternalDataStream implements InitializerStream {
  private readonly chunkBytes: number;
  private readonly minBytes: number;
  private readonly align: number;
  private current: { path: string; byteLength: number } | undefined;
  /** Paths of the files written so far, in order. */
  readonly paths: string[] = [];

  constructor(private readonly opts: ExternalDataOptions, private readonly sink: ExternalFileSink) {
    const parts = opts.fileName.split(/[\\/]/);
    if (!opts.fileName || opts.fileName.startsWith('/') || /^[A-Za-z]:/.test(opts.fileName) || parts.includes('..') || parts.includes('')) {
      throw new Error(`externalData.fileName "${opts.fileName}" must be a relative path like "model.onnx_data" (no "..", no absolute path)`);
    }
    this.chunkBytes = opts.chunkBytes ?? MAX_EXTERNAL_FILE_BYTES;
    this.minBytes = opts.minBytes ?? 1024;
    this.align = opts.alignBytes ?? 64;
    if (!(this.chunkBytes > 0 && this.chunkBytes <= MAX_EXTERNAL_FILE_BYTES)) {
      throw new Error(`externalData.chunkBytes must be in 1..${MAX_EXTERNAL_FILE_BYTES} (2000 MB), got ${this.chunkBytes}`);
    }
    if (!(Number.isInteger(this.align) && this.align >= 1)) throw new Error(`externalData.alignBytes must be a positive integer, got ${this.align}`);
  }

  place(name: string, stored: TensorData): ExternalPlacement | undefined {
    const bytes = rawBytes(stored);
    if (bytes.byteLength < this.minBytes) return undefined;
    if (bytes.byteLength > this.chunkBytes) {
      throw new Error(`Initializer "${name}" is ${bytes.byteLength} bytes, larger than externalData.chunkBytes (${this.chunkBytes}); one tensor cannot span files`);
    }
    let offset = this.current ? Math.ceil(this.current.byteLength / this.align) * this.align : 0;
    if (!this.current || offset + bytes.byteLength > this.chunkBytes) {
      if (this.current) this.sink.end(this.current.path);
      const path = this.paths.length === 0 ? this.opts.fileName : `${this.opts.fileName}.${this.paths.length}`;
      this.current = { path, byteLength: 0 };
      this.paths.push(path);
      offset = 0;
    }
    if (offset > this.current.byteLength) this.sink.append(this.current.path, new Uint8Array(offset - this.current.byteLength));
    this.sink.append(this.current.path, bytes);
    this.current.byteLength = offset + bytes.byteLength;
    return { location: this.current.path, offset, length: bytes.byteLength };
  }

  /** Ends the last file; returns every file's path. */
  finish(): string[] {
    if (this.current) this.sink.end(this.current.path);
    this.current = undefined;
    return this.paths;
  }
}
