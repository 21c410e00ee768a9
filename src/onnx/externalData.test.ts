import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planExternalData } from './externalData';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

describe('planExternalData', () => {
  it('places every large tensor inside one file, aligned, without overlap, and bytes land at their offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }),
        fc.integer({ min: 300, max: 1000 }),
        fc.integer({ min: 0, max: 64 }),
        fc.constantFrom(1, 4, 16, 64),
        (sizes, chunkBytes, minBytes, alignBytes) => {
          const tensors = sizes.map((n, i) => ({ name: `t${i}`, bytes: Uint8Array.from({ length: n }, (_, j) => (i * 31 + j) & 0xff) }));
          const plan = planExternalData(tensors, { fileName: 'w.bin', chunkBytes, minBytes, alignBytes });
          const contents = new Map(plan.files.map((f) => [f.path, concat(f.bytes)]));
          plan.files.forEach((f, k) => {
            expect(f.path).toBe(k === 0 ? 'w.bin' : `w.bin.${k}`);
            expect(contents.get(f.path)!.byteLength).toBe(f.byteLength);
            expect(f.byteLength).toBeLessThanOrEqual(chunkBytes);
          });
          const ranges = new Map<string, [number, number][]>();
          tensors.forEach((t, i) => {
            const p = plan.placements[i];
            if (t.bytes.byteLength < minBytes) return expect(p).toBeUndefined();
            expect(p).toBeDefined();
            expect(p!.offset % alignBytes).toBe(0);
            expect(p!.length).toBe(t.bytes.byteLength);
            expect(contents.get(p!.location)!.subarray(p!.offset, p!.offset + p!.length)).toEqual(t.bytes);
            ranges.set(p!.location, [...(ranges.get(p!.location) ?? []), [p!.offset, p!.offset + p!.length]]);
          });
          for (const list of ranges.values()) {
            list.sort((a, b) => a[0] - b[0]);
            for (let i = 1; i < list.length; i++) expect(list[i][0]).toBeGreaterThanOrEqual(list[i - 1][1]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps tensor views rather than copying them', () => {
    const bytes = new Uint8Array(2048);
    const plan = planExternalData([{ name: 'a', bytes }], { fileName: 'a.bin' });
    expect(plan.files[0].bytes[0]).toBe(bytes);
  });

  it('rejects bad file names and sizes', () => {
    for (const fileName of ['', '/abs.bin', '../up.bin', 'a/../b.bin', 'C:\\w.bin', 'dir//w.bin']) {
      expect(() => planExternalData([], { fileName })).toThrow(/relative path/);
    }
    expect(() => planExternalData([], { fileName: 'w.bin', chunkBytes: 2000 * 1024 * 1024 + 1 })).toThrow(/2000 MB/);
    expect(() => planExternalData([], { fileName: 'w.bin', alignBytes: 0 })).toThrow(/alignBytes/);
    expect(planExternalData([], { fileName: 'sub/w.bin' }).files).toEqual([]);
  });
});
