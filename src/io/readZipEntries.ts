/**
 * @file Safe zip loading: lists entries, rejects the dangerous or broken ones one by one (each
 * with a reason), and extracts the rest. All size/ratio checks run on the declared sizes before
 * inflating and are enforced again while inflating (see extractZipEntry).
 *
 * Nested zips are reported as skipped (NESTED_ZIP), not descended into: one level of limits is
 * easy to reason about, and a DigiFace download is a flat set of zips the user can drop together.
 */
import { extractZipEntry, type ZipEntryInfo } from './extractZipEntry';
import { normaliseArchivePath } from './normaliseArchivePath';
import { readZipDirectory } from './readZipDirectory';
import { toZipByteSource, type ZipByteSource, type ZipSource } from './zipByteSource';
import { DEFAULT_ZIP_LIMITS, ZipEntryError, ZipError, type ZipLimits, type ZipSkipCode } from './zipError';

export * from './zipError';
export type { ZipEntryInfo } from './extractZipEntry';
export type { ZipSource } from './zipByteSource';

export interface ZipSkipped {
  /** Normalised path when there is one, else the name as stored. */
  readonly path: string;
  readonly code: ZipSkipCode;
  readonly reason: string;
}

export interface ZipListing {
  /** Entries that passed every pre-inflate check, in central-directory order. */
  readonly entries: ZipEntryInfo[];
  readonly skipped: ZipSkipped[];
  /** Folder records (not files; neither listed nor reported). */
  readonly directories: number;
}

export interface ZipFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ZipReadResult {
  readonly files: ZipFile[];
  readonly skipped: ZipSkipped[];
}

export interface ZipReadOptions {
  readonly limits?: Partial<ZipLimits>;
  /** Return false to leave an entry out silently (e.g. paths detectLayout ignores); sizes of left-out entries do not count. */
  readonly filter?: (path: string) => boolean;
  readonly signal?: AbortSignal;
}

/**
 * Lists the archive and applies every check that needs no inflating.
 * @throws ZipError when the archive as a whole is unreadable.
 */
export async function listZipEntries(source: ZipSource | ZipByteSource, options: ZipReadOptions = {}): Promise<ZipListing> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const src = isByteSource(source) ? source : await toZipByteSource(source, limits.maxArchiveBytes);
  const records = await readZipDirectory(src, limits.maxEntries);
  const entries: ZipEntryInfo[] = [];
  const skipped: ZipSkipped[] = [];
  const seen = new Set<string>();
  let directories = 0;
  let total = 0;
  for (const r of records) {
    const norm = normaliseArchivePath(r.rawName);
    if (!norm.ok) {
      skipped.push({ path: r.rawName, code: norm.code, reason: norm.reason });
      continue;
    }
    const { path } = norm;
    const skip = (code: ZipSkipCode, reason: string) => skipped.push({ path, code, reason });
    if (norm.isDirectory) {
      directories++;
      continue;
    }
    if (seen.has(path)) {
      skip('DUPLICATE', 'an earlier entry has the same path (the first is kept)');
      continue;
    }
    seen.add(path);
    if (options.filter && !options.filter(path)) continue;
    if (r.symlink) skip('SYMLINK', 'symbolic links are not followed');
    else if (r.encrypted) skip('ENCRYPTED', 'entry is password-protected');
    else if (/\.zip$/i.test(path)) skip('NESTED_ZIP', 'zips inside zips are not opened; extract it and add it separately');
    else if (r.method !== 0 && r.method !== 8) skip('UNSUPPORTED_COMPRESSION', `compression method ${r.method} (only stored and deflate are supported)`);
    else if (r.uncompressedSize > limits.maxEntryBytes) {
      skip('ENTRY_TOO_LARGE', `declares ${r.uncompressedSize} bytes uncompressed; the limit is ${limits.maxEntryBytes}`);
    } else if (
      r.uncompressedSize > limits.ratioCheckMinBytes &&
      r.uncompressedSize > limits.maxCompressionRatio * Math.max(1, r.compressedSize)
    ) {
      const ratio = Math.round(r.uncompressedSize / Math.max(1, r.compressedSize));
      skip('COMPRESSION_RATIO', `compression ratio ${ratio}:1 exceeds ${limits.maxCompressionRatio}:1 (zip bomb?)`);
    } else if (total + r.uncompressedSize > limits.maxTotalBytes) {
      skip('TOTAL_SIZE_EXCEEDED', `archive total would exceed ${limits.maxTotalBytes} bytes uncompressed`);
    } else {
      total += r.uncompressedSize;
      entries.push({
        path, index: r.index, method: r.method === 0 ? 'stored' : 'deflate',
        compressedSize: r.compressedSize, uncompressedSize: r.uncompressedSize, crc32: r.crc32,
        localHeaderOffset: r.localHeaderOffset,
      });
    }
  }
  return { entries, skipped, directories };
}

/**
 * Extracts entries one at a time and hands each to `onFile` before reading the next, so a
 * 100k-image zip is never held decompressed in memory at once.
 * @throws ZipError for whole-archive problems; per-entry problems are returned as skips.
 */
export async function forEachZipFile(
  source: ZipSource,
  onFile: (file: ZipFile) => void | Promise<void>,
  options: ZipReadOptions = {},
): Promise<ZipSkipped[]> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const src = await toZipByteSource(source, limits.maxArchiveBytes);
  const listing = await listZipEntries(src, options);
  const skipped = [...listing.skipped];
  for (const entry of listing.entries) {
    if (options.signal?.aborted) throw new ZipError('ABORTED', 'reading was cancelled');
    let bytes: Uint8Array;
    try {
      bytes = await extractZipEntry(src, entry);
    } catch (error) {
      if (!(error instanceof ZipEntryError)) throw error;
      skipped.push({ path: entry.path, code: error.code, reason: error.message });
      continue;
    }
    await onFile({ path: entry.path, bytes });
  }
  return skipped;
}

/** All valid files of the archive at once, plus the reasons for those left out. */
export async function readZipEntries(source: ZipSource, options: ZipReadOptions = {}): Promise<ZipReadResult> {
  const files: ZipFile[] = [];
  const skipped = await forEachZipFile(source, (f) => void files.push(f), options);
  return { files, skipped };
}

function isByteSource(s: ZipSource | ZipByteSource): s is ZipByteSource {
  return typeof (s as ZipByteSource).read === 'function' && typeof (s as ZipByteSource).size === 'number';
}
