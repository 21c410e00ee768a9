/**
 * @file Inflates one zip entry with fflate's streaming Inflate, enforcing the declared size
 * while inflating (declared sizes can lie: a bomb may declare 1 kB and expand to gigabytes),
 * then checking the size and CRC-32 against the central directory.
 */
import { Inflate } from 'fflate';
import { u16le, u32le } from './byteReaders';
import { crc32 } from './crc32';
import type { ZipByteSource } from './zipByteSource';
import { ZipEntryError } from './zipError';

export interface ZipEntryInfo {
  /** Normalised, safe relative path ('/'-separated, NFC). */
  readonly path: string;
  /** Position in the central directory. */
  readonly index: number;
  readonly method: 'stored' | 'deflate';
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

/**
 * Compressed bytes fed to the inflater per push. fflate emits each push's output at once, and
 * deflate expands at most ~1032:1, so this bounds the overshoot past a limit to ~16 MB.
 */
const PUSH_BYTES = 16 * 1024;

/** Sentinel thrown out of fflate's callback to stop inflating. */
class Overflow extends Error {}

/** @throws ZipEntryError (TRUNCATED, CORRUPT, SIZE_MISMATCH, CRC_MISMATCH). */
export async function extractZipEntry(src: ZipByteSource, entry: ZipEntryInfo): Promise<Uint8Array> {
  const fail = (code: ConstructorParameters<typeof ZipEntryError>[0], msg: string) => new ZipEntryError(code, entry.path, msg);
  const local = await src.read(entry.localHeaderOffset, 30);
  if (local.length < 30) throw fail('TRUNCATED', 'local header is past the end of the archive');
  if (u32le(local, 0) !== 0x04034b50) throw fail('CORRUPT', 'local header signature missing');
  // The local name/extra lengths may differ from the central directory's: use the local ones.
  const dataStart = entry.localHeaderOffset + 30 + u16le(local, 26) + u16le(local, 28);
  const compressed = await src.read(dataStart, entry.compressedSize);
  if (compressed.length < entry.compressedSize) throw fail('TRUNCATED', 'entry data runs past the end of the archive');
  let out: Uint8Array;
  if (entry.method === 'stored') {
    if (entry.compressedSize !== entry.uncompressedSize) {
      throw fail('SIZE_MISMATCH', `stored entry declares ${entry.uncompressedSize} bytes but holds ${entry.compressedSize}`);
    }
    out = compressed.slice(); // a copy, so the entry does not pin the whole archive in memory
  } else {
    out = inflateCapped(compressed, entry.uncompressedSize, fail);
  }
  const actual = crc32(out);
  if (actual !== entry.crc32) throw fail('CRC_MISMATCH', `CRC-32 is ${hex(actual)}, central directory says ${hex(entry.crc32)}`);
  return out;
}

function inflateCapped(
  compressed: Uint8Array, declared: number,
  fail: (code: 'CORRUPT' | 'SIZE_MISMATCH', msg: string) => ZipEntryError,
): Uint8Array {
  const out = new Uint8Array(declared);
  let written = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > declared) throw new Overflow();
    out.set(chunk, written);
    written += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let p = 0; p < compressed.length || p === 0; p += PUSH_BYTES) {
      const end = Math.min(p + PUSH_BYTES, compressed.length);
      inflater.push(compressed.subarray(p, end), end === compressed.length);
      if (end === compressed.length) break;
    }
  } catch (error) {
    if (error instanceof Overflow) {
      throw fail('SIZE_MISMATCH', `inflates to more than the declared ${declared} bytes (zip bomb?)`);
    }
    throw fail('CORRUPT', `deflate data is corrupt: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!ended || written !== declared) {
    throw fail('SIZE_MISMATCH', `inflated ${written} bytes, central directory declares ${declared}`);
  }
  return out;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
