/**
 * @file Turns any string (an identity name from a user's folder or zip) into one safe file/folder
 * name that extracts the same on Windows, macOS and Linux: no separators, no control characters,
 * no '.'/'..', no Windows-reserved device names or characters, no trailing dot/space.
 */

/** Windows reserves these base names whatever the extension ("con.png" is still CON). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Characters invalid in Windows names, plus C0 controls and DEL. */
// Control characters are matched on purpose: they are what this function removes.
const FORBIDDEN = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
/** Well under the 255-byte limit of common file systems, even in UTF-8. */
const MAX_LENGTH = 80;

export function sanitizePathSegment(name: string): string {
  let s = name.normalize('NFC').replace(FORBIDDEN, '_');
  s = s.replace(/[. ]+$/, (m) => '_'.repeat(m.length)); // Windows strips trailing dots/spaces
  s = s.replace(/^\./, '_'); // a leading dot hides the folder (and our own loader skips hidden files)
  if (s.length > MAX_LENGTH) s = Array.from(s).slice(0, MAX_LENGTH).join(''); // by code point: no split surrogates
  if (s === '') return '_';
  if (RESERVED.test(s)) return `_${s}`;
  return s;
}
