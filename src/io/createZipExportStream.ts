/**
 * @file Streaming zip writer over fflate's Zip: entries are added one at a time and their bytes
 * go straight to a sink (a FileSystemWritableFileStream, a WritableStream, a test collector), so
 * an export of thousands of images never sits in memory at once. PNG/JPEG/WebP are stored
 * (ZipPassThrough: they are compressed already), text such as metadata.csv is deflated.
 */
import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from 'fflate';
import { normaliseArchivePath } from './normaliseArchivePath';

export interface ZipExportSink {
  /** Receives archive bytes in order; awaited before the next entry is written (back-pressure). */
  write(chunk: Uint8Array): void | Promise<void>;
}

export interface ZipExportEntryOptions {
  /** Default: deflate unless the extension is an already-compressed format. */
  readonly compress?: boolean;
}

export interface ZipExportStream {
  /** Adds one file. @throws ZipExportError on a bad/duplicate path or after finish(). */
  add(path: string, bytes: Uint8Array, options?: ZipExportEntryOptions): Promise<void>;
  /** Writes the central directory; the sink has the complete archive once this resolves. */
  finish(): Promise<void>;
  readonly entryCount: number;
  readonly bytesWritten: number;
}

export type ZipExportErrorCode = 'BAD_PATH' | 'DUPLICATE_PATH' | 'FINISHED' | 'ZIP64_REQUIRED' | 'WRITE_FAILED';

export class ZipExportError extends Error {
  readonly code: ZipExportErrorCode;
  constructor(code: ZipExportErrorCode, message: string) {
    super(`zip export: ${message}`);
    this.name = 'ZipExportError';
    this.code = code;
  }
}

export interface ZipExportOptions {
  /** Timestamp stored for every entry; fixed values give byte-identical exports. Default: now. */
  readonly mtime?: Date;
}

/**
 * fflate writes classic (non-Zip64) archives: 16-bit entry count and 32-bit offsets. Past these
 * it would silently write a corrupt file, so we refuse first.
 */
const MAX_ENTRIES = 0xffff;
const MAX_ARCHIVE_BYTES = 0xffffffff - 1024 * 1024;

const STORED_EXTENSIONS = /\.(png|jpe?g|webp|gif|avif|zip|gz|onnx)$/i;

export function createZipExportStream(sink: ZipExportSink, options: ZipExportOptions = {}): ZipExportStream {
  const mtime = options.mtime ?? new Date();
  const pending: Uint8Array[] = [];
  let streamError: Error | null = null;
  let finished = false;
  let entryCount = 0;
  let bytesWritten = 0;
  let projected = 0;
  const names = new Set<string>();

  // fflate calls back synchronously inside add/push/end; chunks are queued and flushed to the
  // (possibly async) sink by the awaiting caller.
  const zip = new Zip((err, chunk) => {
    if (err) streamError = err;
    else pending.push(chunk);
  });

  async function flush(): Promise<void> {
    if (streamError) throw new ZipExportError('WRITE_FAILED', streamError.message);
    while (pending.length > 0) {
      const chunk = pending.shift() as Uint8Array;
      try {
        await sink.write(chunk);
      } catch (error) {
        throw new ZipExportError('WRITE_FAILED', error instanceof Error ? error.message : String(error));
      }
      bytesWritten += chunk.length;
    }
  }

  return {
    get entryCount() { return entryCount; },
    get bytesWritten() { return bytesWritten; },
    async add(path, bytes, entryOptions = {}) {
      if (finished) throw new ZipExportError('FINISHED', 'archive already finished');
      const norm = normaliseArchivePath(path);
      if (!norm.ok || norm.isDirectory || norm.path !== path) {
        throw new ZipExportError('BAD_PATH', `${JSON.stringify(path)} is not a clean relative file path`);
      }
      if (names.has(path)) throw new ZipExportError('DUPLICATE_PATH', `${JSON.stringify(path)} was already added`);
      // Local header + data descriptor + central record: ~100 bytes plus the name twice.
      projected += bytes.length + 128 + 2 * path.length * 3;
      if (entryCount + 1 > MAX_ENTRIES || projected > MAX_ARCHIVE_BYTES) {
        throw new ZipExportError('ZIP64_REQUIRED', 'over 65,535 entries or 4 GiB: split the export into several zips');
      }
      names.add(path);
      const compress = entryOptions.compress ?? !STORED_EXTENSIONS.test(path);
      const file: ZipInputFile & { push(d: Uint8Array, final?: boolean): void } =
        compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
      file.mtime = mtime;
      zip.add(file);
      file.push(bytes, true);
      entryCount++;
      await flush();
    },
    async finish() {
      if (finished) throw new ZipExportError('FINISHED', 'archive already finished');
      finished = true;
      zip.end();
      await flush();
    },
  };
}
