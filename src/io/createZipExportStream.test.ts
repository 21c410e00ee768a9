import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createZipExportStream, ZipExportError } from './createZipExportStream';
import { digifaceExportPath } from './digifaceExportPath';
import { encodePng } from './encodePng';
import { decodeImageToRgba } from './decodeImageToRgba';
import { readZipEntries } from './readZipEntries';
import { sanitizePathSegment } from './sanitizePathSegment';

function collector() {
  const chunks: Uint8Array[] = [];
  return {
    chunks,
    sink: { write: async (c: Uint8Array) => void chunks.push(c.slice()) },
    bytes(): Uint8Array {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let o = 0;
      for (const c of chunks) { out.set(c, o); o += c.length; }
      return out;
    },
  };
}

describe('createZipExportStream', () => {
  it('round-trips 300 entries through the streaming writer (names, count, bytes)', async () => {
    const out = collector();
    const zip = createZipExportStream(out.sink, { mtime: new Date(2024, 0, 1) });
    const expected = new Map<string, Uint8Array>();
    for (let i = 0; i < 300; i++) {
      const path = digifaceExportPath(`id${i % 30}`, Math.floor(i / 30));
      const bytes = new Uint8Array(50 + (i % 17)).map((_, k) => (k * 13 + i) & 255);
      expected.set(path, bytes);
      await zip.add(path, bytes);
      // Streaming: bytes reach the sink as entries are added, not only at the end.
      expect(out.chunks.length).toBeGreaterThan(0);
    }
    await zip.add('metadata.csv', new TextEncoder().encode('file_name\n'));
    const beforeFinish = out.chunks.length;
    await zip.finish();
    expect(out.chunks.length).toBeGreaterThan(beforeFinish);
    expect(zip.entryCount).toBe(301);
    const bytes = out.bytes();
    expect(zip.bytesWritten).toBe(bytes.length);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toHaveLength(301);
    for (const [path, data] of expected) expect(Array.from(files[path])).toEqual(Array.from(data));
    // Our own reader accepts what we write.
    const back = await readZipEntries(bytes);
    expect(back.files).toHaveLength(301);
    expect(back.skipped).toEqual([]);
  });

  it('stores PNGs (method 0) and deflates text', async () => {
    const out = collector();
    const zip = createZipExportStream(out.sink);
    await zip.add('a/0.png', new Uint8Array(1000));
    await zip.add('metadata.csv', new Uint8Array(1000));
    await zip.finish();
    const dv = new DataView(out.bytes().buffer);
    expect(dv.getUint16(8, true)).toBe(0); // first local header: method stored
    expect(out.bytes().length).toBeLessThan(1000 + 1000 + 400); // csv was compressed
  });

  it('rejects duplicate and unsafe paths, and adds after finish', async () => {
    const zip = createZipExportStream(collector().sink);
    await zip.add('a/0.png', new Uint8Array(1));
    await expect(zip.add('a/0.png', new Uint8Array(1))).rejects.toMatchObject({ code: 'DUPLICATE_PATH' });
    for (const bad of ['../x.png', '/x.png', 'a\\b.png', 'a//b.png', 'dir/', 'C:/x.png']) {
      await expect(zip.add(bad, new Uint8Array(1))).rejects.toBeInstanceOf(ZipExportError);
    }
    await zip.finish();
    await expect(zip.add('b.png', new Uint8Array(1))).rejects.toMatchObject({ code: 'FINISHED' });
  });

  it('reports a failing sink as WRITE_FAILED', async () => {
    const zip = createZipExportStream({ write: () => { throw new Error('disk full'); } });
    await expect(zip.add('a.png', new Uint8Array(10))).rejects.toMatchObject({ code: 'WRITE_FAILED' });
  });
});

describe('digifaceExportPath / sanitizePathSegment', () => {
  it('builds <identity>/<n>.png', () => {
    expect(digifaceExportPath('12', 0)).toBe('12/0.png');
    expect(digifaceExportPath('Zoë', 71)).toBe('Zoë/71.png');
  });

  it('neutralises separators, traversal, control characters, reserved names', () => {
    expect(digifaceExportPath('..', 1)).toBe('__/1.png');
    expect(digifaceExportPath('a/../b', 1)).toBe('a_.._b/1.png');
    expect(digifaceExportPath('a\\b', 1)).toBe('a_b/1.png');
    expect(sanitizePathSegment('tab\there\u0000')).toBe('tab_here_');
    expect(sanitizePathSegment('CON')).toBe('_CON');
    expect(sanitizePathSegment('lpt1.txt')).toBe('_lpt1.txt');
    expect(sanitizePathSegment('name. ')).toBe('name__');
    expect(sanitizePathSegment('.hidden')).toBe('_hidden');
    expect(sanitizePathSegment('')).toBe('_');
    expect(sanitizePathSegment('x'.repeat(500))).toHaveLength(80);
    expect(sanitizePathSegment('😀'.repeat(100))).toBe('😀'.repeat(80));
  });

  it('rejects bad indices', () => {
    expect(() => digifaceExportPath('a', -1)).toThrow(RangeError);
    expect(() => digifaceExportPath('a', 1.5)).toThrow(RangeError);
  });
});

describe('encodePng', () => {
  it('round-trips RGBA through decodeImageToRgba', () => {
    const rgba = new Uint8ClampedArray(3 * 2 * 4).map((_, i) => (i * 37) & 255);
    const r = decodeImageToRgba(encodePng(rgba, 3, 2), 'x.png');
    if (!r.ok) throw new Error(r.reason);
    expect(Array.from(r.data)).toEqual(Array.from(rgba));
  });

  it('rejects wrong sizes', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow(/expected 16/);
    expect(() => encodePng(new Uint8Array(0), 0, 0)).toThrow(RangeError);
  });
});
