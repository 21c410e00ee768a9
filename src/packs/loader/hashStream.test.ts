import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashStream, WHOLE_BUFFER_HASH_LIMIT } from './hashStream';

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i >= bytes.length) return c.close();
      c.enqueue(bytes.slice(i, i + chunk));
      i += chunk;
    },
  });
}

describe('hashStream', () => {
  const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) % 251);
  const reference = createHash('sha256').update(bytes).digest('hex');

  it.each([
    ['whole-buffer WebCrypto (size known and small)', bytes.length],
    ['incremental (size unknown)', undefined],
    ['incremental (size above the whole-buffer limit)', WHOLE_BUFFER_HASH_LIMIT + 1],
  ])('%s gives node:crypto’s digest, counts every byte and reports them as they arrive', async (_, expected) => {
    const seen: number[] = [];
    const r = await hashStream(streamOf(bytes, 4096), (n) => seen.push(n), undefined, expected);
    expect(r).toEqual({ sha256: reference, bytes: bytes.length });
    expect(seen.reduce((a, b) => a + b, 0)).toBe(bytes.length);
    expect(seen.length).toBe(Math.ceil(bytes.length / 4096));
  });

  it('measures what arrived, not what was announced', async () => {
    const r = await hashStream(streamOf(bytes.subarray(0, 1000), 300), () => undefined, undefined, bytes.length);
    expect(r).toEqual({ sha256: createHash('sha256').update(bytes.subarray(0, 1000)).digest('hex'), bytes: 1000 });
  });
});
