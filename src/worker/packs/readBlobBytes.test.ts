import { afterEach, describe, expect, it, vi } from 'vitest';

const bytes = new Uint8Array([1, 2, 3, 250]);
const blob = () => new Blob([bytes]);

interface WorkerEnds {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: unknown) => void) | null;
}

/** A stand-in for the helper worker: answers each request as `answer` says, asynchronously, like a worker. */
function fakeWorker(answer: (req: { id: number; blob: Blob }, w: WorkerEnds) => void) {
  const made: FakeWorker[] = [];
  class FakeWorker {
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    posted: { id: number; blob: Blob }[] = [];
    terminated = false;
    constructor(readonly url: URL) {
      made.push(this);
    }
    postMessage(req: { id: number; blob: Blob }) {
      this.posted.push(req);
      setTimeout(() => answer(req, this), 0);
    }
    terminate() {
      this.terminated = true;
    }
  }
  return { FakeWorker, made };
}

async function freshModule(worker?: unknown) {
  vi.resetModules();
  if (worker) {
    vi.stubGlobal('Worker', worker);
    vi.stubGlobal('WorkerGlobalScope', function WorkerGlobalScope() {});
  }
  return import('./readBlobBytes');
}

afterEach(() => vi.unstubAllGlobals());

describe('readBlobBytes', () => {
  it('reads on this thread where no helper worker can start (Node)', async () => {
    const { readBlobBytes } = await freshModule();
    expect(await readBlobBytes(blob())).toEqual(bytes);
  });

  it('asks the helper worker, which transfers the bytes back', async () => {
    const { FakeWorker, made } = fakeWorker(async (req, w) => w.onmessage?.({ data: { id: req.id, bytes: await req.blob.arrayBuffer() } }));
    const { readBlobBytes } = await freshModule(FakeWorker);
    const [a, b] = await Promise.all([readBlobBytes(blob()), readBlobBytes(new Blob([new Uint8Array([9])]))]);
    expect(a).toEqual(bytes);
    expect(b).toEqual(new Uint8Array([9]));
    expect(made).toHaveLength(1); // one helper for all reads
    expect(made[0].posted.map((r) => r.id)).toEqual([1, 2]);
    expect(String(made[0].url)).toMatch(/blobReader\.worker/);
  });

  it('reads here when the helper reports an error for one read', async () => {
    const { FakeWorker } = fakeWorker((req, w) => w.onmessage?.({ data: { id: req.id, error: 'NotReadableError' } }));
    const { readBlobBytes } = await freshModule(FakeWorker);
    expect(await readBlobBytes(blob())).toEqual(bytes);
  });

  it('reads here, now and later, when the helper dies', async () => {
    const { FakeWorker, made } = fakeWorker((_req, w) => w.onerror?.(new Event('error')));
    const { readBlobBytes } = await freshModule(FakeWorker);
    expect(await readBlobBytes(blob())).toEqual(bytes);
    expect(made[0].terminated).toBe(true);
    expect(await readBlobBytes(blob())).toEqual(bytes);
    expect(made).toHaveLength(1); // not restarted
    expect(made[0].posted).toHaveLength(1);
  });
});
