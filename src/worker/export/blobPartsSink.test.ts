import { describe, expect, it } from 'vitest';
import { createBlobPartsSink } from './blobPartsSink';

const chunk = (n: number, seed: number) => new Uint8Array(n).map((_, k) => (k * 31 + seed) & 255);

describe('createBlobPartsSink', () => {
  it('returns every chunk in order and never holds more than one batch as arrays', async () => {
    const sink = createBlobPartsSink(1000);
    const chunks = Array.from({ length: 57 }, (_, i) => chunk(37 + ((i * 53) % 211), i));
    let maxHeld = 0;
    for (const c of chunks) {
      sink.write(c);
      maxHeld = Math.max(maxHeld, sink.heldBytes);
    }
    const total = chunks.reduce((n, c) => n + c.length, 0);
    // The largest chunk is 247 bytes: a batch is folded once it reaches 1000, so at most 999 + 247 are held.
    expect(maxHeld).toBeLessThan(1000 + 247);
    expect(total).toBeGreaterThan(5 * 1000);
    const blob = sink.close('application/zip');
    expect(sink.heldBytes).toBe(0);
    expect(blob.type).toBe('application/zip');
    const expected = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      expected.set(c, o);
      o += c.length;
    }
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(expected);
  });

  it('discard drops what was written', async () => {
    const sink = createBlobPartsSink(10);
    sink.write(chunk(25, 1));
    sink.write(chunk(3, 2));
    sink.discard();
    sink.write(chunk(4, 3));
    expect(new Uint8Array(await sink.close('application/zip').arrayBuffer())).toEqual(chunk(4, 3));
  });
});
