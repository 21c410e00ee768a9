import { Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeZipName, CP437_HIGH_LENGTH } from './decodeZipName';
import { listZipEntries, readZipEntries, ZipError, type ZipReadResult } from './readZipEntries';

const enc = (s: string) => new TextEncoder().encode(s);

/** Streaming writer, which unlike zipSync's object input allows duplicate and hostile names. */
function makeZip(entries: { name: string; data: Uint8Array; deflate?: boolean; level?: 1 | 9 }[]): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const e of entries) {
    const f = e.deflate ? new ZipDeflate(e.name, { level: e.level ?? 9 }) : new ZipPassThrough(e.name);
    zip.add(f);
    f.push(e.data, true);
  }
  zip.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/** Offset of central-directory record `index`, found through the EOCD. */
function centralRecord(zip: Uint8Array, index: number): number {
  const dv = new DataView(zip.buffer, zip.byteOffset);
  let e = zip.length - 22;
  while (dv.getUint32(e, true) !== 0x06054b50) e--;
  let p = dv.getUint32(e + 16, true);
  for (let i = 0; i < index; i++) p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  return p;
}
function patchCentral(zip: Uint8Array, index: number, field: 'flags' | 'usize' | 'method', value: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  const p = centralRecord(out, index);
  if (field === 'flags') dv.setUint16(p + 8, value, true);
  if (field === 'method') dv.setUint16(p + 10, value, true);
  if (field === 'usize') dv.setUint32(p + 24, value, true);
  return out;
}

const codes = (r: ZipReadResult) => Object.fromEntries(r.skipped.map((s) => [s.path, s.code]));
const paths = (r: ZipReadResult) => r.files.map((f) => f.path);

describe('readZipEntries', () => {
  it('extracts stored and deflated entries with their bytes', async () => {
    const big = new Uint8Array(5000).map((_, i) => i % 7);
    const zip = makeZip([{ name: '0/0.png', data: enc('png0') }, { name: '0/1.png', data: big, deflate: true }]);
    const r = await readZipEntries(zip);
    expect(paths(r)).toEqual(['0/0.png', '0/1.png']);
    expect(Array.from(r.files[1].bytes)).toEqual(Array.from(big));
    expect(r.skipped).toEqual([]);
  });

  it('skips traversal and absolute paths, normalises backslashes, keeps the first duplicate — and loads the rest', async () => {
    const zip = makeZip([
      { name: '../evil.png', data: enc('x') },
      { name: 'a/../../evil2.png', data: enc('x') },
      { name: '/abs.png', data: enc('x') },
      { name: 'C:\\win.png', data: enc('x') },
      { name: '\\\\server\\share.png', data: enc('x') },
      { name: 'id1\\0.png', data: enc('first') },
      { name: 'id1/0.png', data: enc('second') },
      { name: './id1/./1.png', data: enc('ok') },
      { name: 'dir/', data: new Uint8Array(0) },
    ]);
    const r = await readZipEntries(zip);
    expect(paths(r)).toEqual(['id1/0.png', 'id1/1.png']);
    expect(new TextDecoder().decode(r.files[0].bytes)).toBe('first');
    expect(codes(r)).toEqual({
      '../evil.png': 'UNSAFE_PATH', 'a/../../evil2.png': 'UNSAFE_PATH', '/abs.png': 'UNSAFE_PATH',
      'C:\\win.png': 'UNSAFE_PATH', '\\\\server\\share.png': 'UNSAFE_PATH', 'id1/0.png': 'DUPLICATE',
    });
  });

  it('keeps unicode names, as NFC', async () => {
    const zip = makeZip([{ name: 'Zoë/日本.png', data: enc('a') }, { name: 'Jose\u0301/0.png', data: enc('b') }]);
    const r = await readZipEntries(zip);
    expect(paths(r)).toEqual(['Zoë/日本.png', 'José/0.png']);
  });

  it('decodes unflagged non-UTF-8 names as CP437', () => {
    expect(CP437_HIGH_LENGTH).toBe(128);
    expect(decodeZipName(new Uint8Array([0x80, 0x81, 0x2e, 0x70]), false)).toBe('Çü.p');
    expect(decodeZipName(enc('ñ.png'), false)).toBe('ñ.png');
  });

  it('skips nested zips, encrypted entries and unknown compression methods', async () => {
    const inner = zipSync({ 'x.png': enc('x') });
    const zip = makeZip([
      { name: 'inner.zip', data: inner }, { name: 'secret.png', data: enc('s') },
      { name: 'bz.png', data: enc('b') }, { name: 'fine.png', data: enc('f') },
    ]);
    const patched = patchCentral(patchCentral(zip, 1, 'flags', 0x0001 | 0x0800), 2, 'method', 12);
    const r = await readZipEntries(patched);
    expect(paths(r)).toEqual(['fine.png']);
    expect(codes(r)).toEqual({ 'inner.zip': 'NESTED_ZIP', 'secret.png': 'ENCRYPTED', 'bz.png': 'UNSUPPORTED_COMPRESSION' });
  });

  it('rejects a zip bomb by its declared ratio before inflating', async () => {
    const zeros = new Uint8Array(2 * 2 ** 20); // 2 MiB of zeros deflates ~1000:1
    const zip = makeZip([{ name: 'bomb.png', data: zeros, deflate: true, level: 1 }, { name: 'ok.png', data: enc('ok') }]);
    const r = await readZipEntries(zip);
    expect(paths(r)).toEqual(['ok.png']);
    expect(r.skipped[0]).toMatchObject({ path: 'bomb.png', code: 'COMPRESSION_RATIO' });
    expect(r.skipped[0].reason).toMatch(/\d+:1 exceeds 100:1/);
  });

  it('enforces sizes while inflating when the declared sizes lie', async () => {
    const data = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    const zip = makeZip([{ name: 'liar.png', data, deflate: true }, { name: 'short.png', data, deflate: true }, { name: 'ok.png', data: enc('ok') }]);
    const lied = patchCentral(patchCentral(zip, 0, 'usize', 1000), 1, 'usize', 400_000);
    const r = await readZipEntries(lied);
    expect(paths(r)).toEqual(['ok.png']);
    expect(codes(r)).toEqual({ 'liar.png': 'SIZE_MISMATCH', 'short.png': 'SIZE_MISMATCH' });
  });

  it('applies per-entry and total size limits, and the entry-count limit', async () => {
    const zip = makeZip([1, 2, 3].map((i) => ({ name: `${i}.png`, data: new Uint8Array(1000 * i) })));
    const r = await readZipEntries(zip, { limits: { maxEntryBytes: 2500, maxTotalBytes: 1500 } });
    expect(paths(r)).toEqual(['1.png']);
    expect(codes(r)).toEqual({ '2.png': 'TOTAL_SIZE_EXCEEDED', '3.png': 'ENTRY_TOO_LARGE' });
    await expect(readZipEntries(zip, { limits: { maxEntries: 2 } })).rejects.toMatchObject({ code: 'TOO_MANY_ENTRIES' });
  });

  it('detects a corrupted entry by CRC', async () => {
    const zip = makeZip([{ name: 'a.png', data: enc('hello world') }, { name: 'b.png', data: enc('fine') }]);
    const bad = zip.slice();
    bad[30 + 'a.png'.length] ^= 0xff; // first data byte of a.png (no extra field in fflate's local header)
    const r = await readZipEntries(bad);
    expect(paths(r)).toEqual(['b.png']);
    expect(codes(r)).toEqual({ 'a.png': 'CRC_MISMATCH' });
  });

  it('throws typed errors for empty, non-zip and truncated archives', async () => {
    const zip = makeZip([{ name: 'a.png', data: enc('a') }, { name: 'b.png', data: enc('b') }]);
    await expect(readZipEntries(new Uint8Array(0))).rejects.toMatchObject({ name: 'ZipError', code: 'EMPTY' });
    await expect(readZipEntries(enc('this is a text file, not a zip archive at all'))).rejects.toMatchObject({ code: 'NOT_A_ZIP' });
    await expect(readZipEntries(zip.subarray(0, zip.length - 30))).rejects.toMatchObject({ code: 'TRUNCATED' });
    // Keep the EOCD but drop the first half of the file: the directory now points past the data.
    const cd = centralRecord(zip, 0);
    const shortened = new Uint8Array([...zip.subarray(0, 10), ...zip.subarray(cd + 50)]);
    await expect(readZipEntries(shortened)).rejects.toBeInstanceOf(ZipError);
  });

  it('reads from a Blob (random access) and from a ReadableStream (bounded)', async () => {
    const zip = makeZip([{ name: 'x/0.png', data: enc('zero') }]);
    const fromBlob = await readZipEntries(new Blob([zip]));
    expect(paths(fromBlob)).toEqual(['x/0.png']);
    const stream = new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(zip.subarray(0, 10)); c.enqueue(zip.subarray(10)); c.close(); },
    });
    expect(paths(await readZipEntries(stream))).toEqual(['x/0.png']);
    const tooBig = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(zip); c.close(); } });
    await expect(readZipEntries(tooBig, { limits: { maxArchiveBytes: 10 } })).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
  });

  it('applies a filter before any size accounting', async () => {
    const zip = makeZip([{ name: '__MACOSX/._0.png', data: enc('junk') }, { name: '0.png', data: enc('a') }]);
    const r = await readZipEntries(zip, { filter: (p) => !p.startsWith('__MACOSX/') });
    expect(paths(r)).toEqual(['0.png']);
    expect(r.skipped).toEqual([]);
  });

  it('lists and extracts 10,000 tiny files quickly', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10_000; i++) files[`${i % 100}/${Math.floor(i / 100)}.png`] = enc(`img${i}`);
    const zip = zipSync(files, { level: 0 });
    const t0 = performance.now();
    const listing = await listZipEntries(zip);
    const r = await readZipEntries(zip);
    expect(listing.entries).toHaveLength(10_000);
    expect(r.files).toHaveLength(10_000);
    expect(new TextDecoder().decode(r.files[1234].bytes)).toBe('img1234');
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
