/**
 * @file Reads a zip's end-of-central-directory record (incl. Zip64) and its central directory
 * (PKWARE APPNOTE 6.3.10 §4.3.12–4.3.16). Headers only: this is what lets every safety check
 * (encryption, method, names, declared sizes and ratios) run before any byte is inflated —
 * fflate's unzipSync exposes neither the flags nor duplicate names, so we read them here and
 * leave decompression to fflate.
 */
import { u16le, u32le } from './byteReaders';
import { crc32 } from './crc32';
import { decodeZipName } from './decodeZipName';
import type { ZipByteSource } from './zipByteSource';
import { ZipError } from './zipError';

export interface ZipDirectoryRecord {
  /** Position in the central directory. */
  readonly index: number;
  /** Name as stored (decoded, not yet normalised). */
  readonly rawName: string;
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  readonly encrypted: boolean;
  readonly symlink: boolean;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CEN_SIG = 0x02014b50;
const U32_MAX = 0xffffffff;
/** EOCD is 22 bytes plus a comment of at most 65535. */
const EOCD_SEARCH = 22 + 0xffff;

const u64le = (b: Uint8Array, o: number): number => u32le(b, o) + u32le(b, o + 4) * 2 ** 32;

export async function readZipDirectory(src: ZipByteSource, maxEntries: number): Promise<ZipDirectoryRecord[]> {
  if (src.size === 0) throw new ZipError('EMPTY', 'archive is empty (0 bytes)');
  if (src.size < 22) throw new ZipError('NOT_A_ZIP', `${src.size} bytes is too short for a zip`);
  const tailStart = Math.max(0, src.size - EOCD_SEARCH - 20);
  const tail = await src.read(tailStart, src.size - tailStart);
  let e = -1;
  for (let p = tail.length - 22; p >= 0; p--) {
    if (u32le(tail, p) === EOCD_SIG) { e = p; break; }
  }
  if (e < 0) {
    const head = await src.read(0, 4);
    if (head.length === 4 && u32le(head, 0) === 0x04034b50) {
      throw new ZipError('TRUNCATED', 'zip has no end-of-central-directory record (truncated download?)');
    }
    throw new ZipError('NOT_A_ZIP', 'not a zip archive (no end-of-central-directory record)');
  }
  if (u16le(tail, e + 4) !== 0 || u16le(tail, e + 6) !== 0) {
    throw new ZipError('UNSUPPORTED', 'split/spanned (multi-disk) zips are not supported');
  }
  let count = u16le(tail, e + 10);
  let cdSize = u32le(tail, e + 12);
  let cdOffset = u32le(tail, e + 16);
  const eocdAbs = tailStart + e;
  let cdEndAbs = eocdAbs;
  if ((count === 0xffff || cdSize === U32_MAX || cdOffset === U32_MAX) && e >= 20 && u32le(tail, e - 20) === EOCD64_LOCATOR_SIG) {
    const z64 = u64le(tail, e - 12);
    const rec = await src.read(z64, 56);
    if (rec.length < 56 || u32le(rec, 0) !== EOCD64_SIG) throw new ZipError('BAD_CENTRAL_DIRECTORY', 'Zip64 end record missing');
    count = u64le(rec, 32);
    cdSize = u64le(rec, 40);
    cdOffset = u64le(rec, 48);
    cdEndAbs = z64;
  }
  if (count > maxEntries) {
    throw new ZipError('TOO_MANY_ENTRIES', `archive declares ${count} entries; the limit is ${maxEntries}`);
  }
  // Data prepended to the archive (self-extractors, some concatenations) shifts every offset.
  const shift = cdEndAbs - cdSize - cdOffset;
  if (shift < 0) {
    throw new ZipError('TRUNCATED', 'central directory extends past the end of the file (truncated download?)');
  }
  // Each record is at least 46 bytes: a count that cannot fit is a lie, not a reason to allocate.
  if (count * 46 > cdSize) throw new ZipError('BAD_CENTRAL_DIRECTORY', `${count} entries cannot fit in a ${cdSize}-byte directory`);
  const cd = await src.read(cdOffset + shift, cdSize);
  if (cd.length < cdSize) throw new ZipError('TRUNCATED', 'central directory is truncated');
  const records: ZipDirectoryRecord[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length) throw new ZipError('TRUNCATED', `central directory ends inside entry ${i}`);
    if (u32le(cd, p) !== CEN_SIG) throw new ZipError('BAD_CENTRAL_DIRECTORY', `entry ${i} has a bad signature`);
    const nameLen = u16le(cd, p + 28);
    const extraLen = u16le(cd, p + 30);
    const commentLen = u16le(cd, p + 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cd.length) throw new ZipError('TRUNCATED', `central directory ends inside entry ${i}`);
    const flags = u16le(cd, p + 8);
    const method = u16le(cd, p + 10);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    let usize = u32le(cd, p + 24);
    let csize = u32le(cd, p + 20);
    let offset = u32le(cd, p + 42);
    const z = readZip64Extra(extra, usize === U32_MAX, csize === U32_MAX, offset === U32_MAX);
    usize = z.usize ?? usize;
    csize = z.csize ?? csize;
    offset = z.offset ?? offset;
    const hostOs = cd[p + 5];
    const unixMode = u32le(cd, p + 38) >>> 16;
    records.push({
      index: i,
      rawName: unicodePathExtra(extra, nameBytes) ?? decodeZipName(nameBytes, (flags & 0x800) !== 0),
      flags,
      method,
      crc32: u32le(cd, p + 16),
      compressedSize: csize,
      uncompressedSize: usize,
      localHeaderOffset: offset + shift,
      // Bit 0: traditional/AES encryption; bit 6: strong encryption; method 99: WinZip AES.
      encrypted: (flags & 0x41) !== 0 || method === 99,
      symlink: hostOs === 3 && (unixMode & 0xf000) === 0xa000,
    });
    p = next;
  }
  return records;
}

/** Zip64 extended information (id 0x0001): only the fields saturated in the record are present, in this order. */
function readZip64Extra(extra: Uint8Array, u: boolean, c: boolean, o: boolean) {
  const out: { usize?: number; csize?: number; offset?: number } = {};
  if (!u && !c && !o) return out;
  for (let q = 0; q + 4 <= extra.length;) {
    const id = u16le(extra, q);
    const len = u16le(extra, q + 2);
    if (id === 0x0001) {
      let f = q + 4;
      const end = Math.min(q + 4 + len, extra.length);
      if (u && f + 8 <= end) { out.usize = u64le(extra, f); f += 8; }
      if (c && f + 8 <= end) { out.csize = u64le(extra, f); f += 8; }
      if (o && f + 8 <= end) out.offset = u64le(extra, f);
      return out;
    }
    q += 4 + len;
  }
  return out;
}

/** Info-ZIP Unicode Path extra (0x7075): a UTF-8 name, valid only if its CRC matches the stored name. */
function unicodePathExtra(extra: Uint8Array, nameBytes: Uint8Array): string | null {
  for (let q = 0; q + 4 <= extra.length;) {
    const id = u16le(extra, q);
    const len = u16le(extra, q + 2);
    if (id === 0x7075 && len >= 5 && q + 4 + len <= extra.length && extra[q + 4] === 1) {
      if (u32le(extra, q + 5) !== crc32(nameBytes)) return null;
      return new TextDecoder('utf-8').decode(extra.subarray(q + 9, q + 4 + len));
    }
    q += 4 + len;
  }
  return null;
}
