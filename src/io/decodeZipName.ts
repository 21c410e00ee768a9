/**
 * @file Decodes a zip member name (APPNOTE 6.3.x §4.4.4 and appendix D). Bit 11 set = UTF-8.
 * Unset officially means IBM code page 437, but many tools (macOS Archive Utility, 7-Zip
 * defaults, Python zipfile for ASCII-only names) write UTF-8 without the flag, so valid UTF-8
 * is taken as UTF-8 and only the rest is read as CP437.
 */

/** CP437 bytes 0x80–0xFF. */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Loose = new TextDecoder('utf-8');

export function decodeZipName(raw: Uint8Array, utf8Flag: boolean): string {
  // ASCII is the same in every candidate encoding, and decoding it by hand is several times
  // faster than TextDecoder for short strings (matters for 100k-entry zips).
  let ascii = '';
  let i = 0;
  for (; i < raw.length && raw[i] < 0x80; i++) ascii += String.fromCharCode(raw[i]);
  if (i === raw.length) return ascii;
  if (utf8Flag) return utf8Loose.decode(raw);
  try {
    return utf8Strict.decode(raw);
  } catch {
    let s = '';
    for (const b of raw) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return s;
  }
}

export const CP437_HIGH_LENGTH = CP437_HIGH.length;
