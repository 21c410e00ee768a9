/** @file Errors and limits of the zip reader: whole-archive failures throw; per-entry ones are skips. */

/** The archive as a whole cannot be read (nothing is loaded). */
export type ZipErrorCode =
  | 'EMPTY' | 'NOT_A_ZIP' | 'TRUNCATED' | 'BAD_CENTRAL_DIRECTORY' | 'TOO_MANY_ENTRIES'
  | 'ARCHIVE_TOO_LARGE' | 'UNSUPPORTED' | 'ABORTED';

/** One entry is left out; the rest of the archive still loads. */
export type ZipSkipCode =
  | 'UNSAFE_PATH' // ../ traversal or an absolute path (/x, C:\x, \\server\x)
  | 'INVALID_NAME' // empty or with control characters
  | 'DUPLICATE' // same normalised path as an earlier entry (the first is kept)
  | 'ENCRYPTED'
  | 'UNSUPPORTED_COMPRESSION' // not stored (0) or deflate (8)
  | 'NESTED_ZIP' // zips inside zips are not descended into
  | 'SYMLINK'
  | 'ENTRY_TOO_LARGE' // declared uncompressed size over maxEntryBytes
  | 'COMPRESSION_RATIO' // declared ratio over maxCompressionRatio (zip bomb)
  | 'TOTAL_SIZE_EXCEEDED' // would push the archive's total over maxTotalBytes
  | 'SIZE_MISMATCH' // inflated size differs from the declared one (declared sizes lied)
  | 'CRC_MISMATCH'
  | 'CORRUPT' // deflate stream or local header unreadable
  | 'TRUNCATED'; // entry data runs past the end of the file

export class ZipError extends Error {
  readonly code: ZipErrorCode;
  constructor(code: ZipErrorCode, message: string) {
    super(`zip: ${message}`);
    this.name = 'ZipError';
    this.code = code;
  }
}

/** Thrown by extractZipEntry; readZipEntries turns it into a skip. */
export class ZipEntryError extends Error {
  readonly code: ZipSkipCode;
  readonly path: string;
  constructor(code: ZipSkipCode, path: string, message: string) {
    super(`zip entry ${JSON.stringify(path)}: ${message}`);
    this.name = 'ZipEntryError';
    this.code = code;
    this.path = path;
  }
}

export interface ZipLimits {
  /** Archive size when it must be buffered (stream or bytes). */
  readonly maxArchiveBytes: number;
  /** Central-directory records (files + folders). */
  readonly maxEntries: number;
  /** Declared and actual uncompressed size of one entry. */
  readonly maxEntryBytes: number;
  /** Sum of declared uncompressed sizes of the entries read. */
  readonly maxTotalBytes: number;
  /** uncompressed ÷ compressed, checked for entries larger than ratioCheckMinBytes. */
  readonly maxCompressionRatio: number;
  /** Small entries (tiny PNGs, text) can legitimately compress far better than 100:1. */
  readonly ratioCheckMinBytes: number;
}

/**
 * DigiFace-1M's largest zip holds ~200k records (33,333 identities × 5 images + folders), and
 * 3–4 GB in total; an 8192² RGBA PNG stored without compression is 256 MiB.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 2 ** 31 - 1,
  maxEntries: 500_000,
  maxEntryBytes: 256 * 2 ** 20,
  maxTotalBytes: 8 * 2 ** 30,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 2 ** 20,
};
