/**
 * @file Makes an archive member name safe to use as a relative path: backslashes become '/',
 * '.' and empty segments go, Unicode is NFC (macOS zips store NFD), and anything that could
 * escape the extraction root ('..', '/abs', 'C:\x', '\\server\share') is refused.
 */

export type ArchivePathResult =
  | { readonly ok: true; readonly path: string; readonly isDirectory: boolean }
  | { readonly ok: false; readonly code: 'UNSAFE_PATH' | 'INVALID_NAME'; readonly reason: string };

/** C0 controls and DEL: never legitimate in a file name, and they spoof names shown in the UI. */
const CONTROL = /[\u0000-\u001f\u007f]/;

const NON_ASCII = /[^\u0000-\u007f]/;

export function normaliseArchivePath(raw: string): ArchivePathResult {
  if (CONTROL.test(raw)) return { ok: false, code: 'INVALID_NAME', reason: 'name contains control characters' };
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { ok: false, code: 'UNSAFE_PATH', reason: 'absolute path' };
  if (/^[A-Za-z]:/.test(slashed)) return { ok: false, code: 'UNSAFE_PATH', reason: 'absolute path with a drive letter' };
  const segments: string[] = [];
  for (const seg of slashed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return { ok: false, code: 'UNSAFE_PATH', reason: 'path traversal (..)' };
    segments.push(NON_ASCII.test(seg) ? seg.normalize('NFC') : seg); // normalize() is slow; ASCII is always NFC
  }
  if (segments.length === 0) return { ok: false, code: 'INVALID_NAME', reason: 'empty name' };
  return { ok: true, path: segments.join('/'), isDirectory: slashed.endsWith('/') };
}
