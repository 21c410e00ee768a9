import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLayout } from './detectLayout';
import { decodeImageToRgba } from './decodeImageToRgba';
import { pngHeaderOnly, rgbaPng } from './makeTestImages';
import { readZipEntries, ZipError } from './readZipEntries';
import { sniffImage } from './sniffImage';

/** Random bytes, and random bytes behind a real magic number (reaches the format readers). */
const PREFIXES = [[], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], [0x42, 0x4d], [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]];
const imageLike = fc.tuple(fc.constantFrom(...PREFIXES), fc.uint8Array({ maxLength: 300 }))
  .map(([p, rest]) => new Uint8Array([...p, ...rest]));

describe('property: never an uncaught exception', () => {
  it('sniffImage returns a typed result for any bytes', () => {
    fc.assert(fc.property(imageLike, fc.string(), (bytes, name) => {
      const r = sniffImage(bytes, name);
      if (r.ok) expect(r.width * r.height).toBeGreaterThan(0);
      else expect(typeof r.code).toBe('string');
    }), { numRuns: 1500 });
  });

  it('decodeImageToRgba returns a typed result for mutated real images', () => {
    const seed = rgbaPng(8, 8, (x, y) => [x * 30, y * 30, 0, 255]);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(seed.length), (edits, cut) => {
      const bytes = seed.slice(0, Math.max(cut, 1));
      for (const [i, v] of edits) if (i < bytes.length) bytes[i] = v;
      const r = decodeImageToRgba(bytes, 'm.png');
      if (r.ok) expect(r.data.length).toBe(r.width * r.height * 4);
      else expect(r.reason.length).toBeGreaterThan(0);
    }), { numRuns: 300 });
    expect(decodeImageToRgba(pngHeaderOnly(4, 4), 'header-only.png')).toMatchObject({ ok: false, code: 'CORRUPT' });
  });

  it('readZipEntries resolves or rejects with a ZipError for any bytes', async () => {
    const zipLike = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      // End-of-central-directory signature at the end: reaches the directory parser.
      fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 18, maxLength: 18 }))
        .map(([a, b]) => new Uint8Array([...a, 0x50, 0x4b, 0x05, 0x06, ...b])),
    );
    await fc.assert(fc.asyncProperty(zipLike, async (bytes) => {
      try {
        const r = await readZipEntries(bytes);
        for (const f of r.files) expect(f.path).not.toMatch(/(^|\/)\.\.(\/|$)|^\//);
      } catch (error) {
        expect(error).toBeInstanceOf(ZipError);
      }
    }), { numRuns: 800 });
  });

  it('detectLayout groups every kept image exactly once for any paths', () => {
    const seg = fc.constantFrom('a', 'b', '0', '1', '10', '..', '.', '', '__MACOSX', '.DS_Store', 'x.png', '2.png', 'n.txt', 'é.jpg', '\\');
    const path = fc.array(seg, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    fc.assert(fc.property(fc.array(fc.oneof(path, fc.string()), { maxLength: 40 }), (paths) => {
      const r = detectLayout(paths);
      const kept = r.identities.flatMap((i) => i.images.map((m) => m.path));
      expect(kept.length + r.skipped.length + r.ignored.length).toBe(paths.length);
      expect(['digiface', 'folders', 'flat']).toContain(r.kind);
    }), { numRuns: 500 });
  });
});
