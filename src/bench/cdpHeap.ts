/**
 * @file JS heap of a page and of its dedicated workers, read over the Chrome DevTools Protocol
 * (`Runtime.getHeapUsage`). Workers have no `performance.memory`, so this is the only way to see the
 * studio worker's heap. The figure is V8's used heap plus its ArrayBuffer backing stores: export chunks
 * and decoded images live in backing stores, outside the V8 heap proper, so without them a buffering
 * export would look free.
 *
 * Playwright's CDPSession cannot address the flattened child sessions of workers, so workers are attached
 * the older way (`flatten: false`) and spoken to through `Target.sendMessageToTarget`.
 */
import type { CDPSession, Page } from '@playwright/test';

export interface HeapReading {
  /** V8 used heap + ArrayBuffer backing stores, bytes. */
  bytes: number;
  usedSize: number;
  backingStorageSize: number;
}

export interface CdpHeapProbe {
  page(): Promise<HeapReading>;
  /** Each attached worker's heap by its URL; a busy worker that does not answer within `timeoutMs` is left out. */
  workers(timeoutMs?: number): Promise<Map<string, HeapReading>>;
  dispose(): Promise<void>;
}

interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

const reading = (h: HeapUsage): HeapReading => ({ bytes: h.usedSize + (h.backingStorageSize ?? 0), usedSize: h.usedSize, backingStorageSize: h.backingStorageSize ?? 0 });

export async function attachCdpHeapProbe(page: Page): Promise<CdpHeapProbe> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workers = new Map<string, string>(); // sessionId → url
  const waiting = new Map<number, (m: { result?: HeapUsage; error?: unknown }) => void>();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    if (e.targetInfo.type === 'worker') workers.set(e.sessionId, e.targetInfo.url);
  });
  cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => void workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: HeapUsage; error?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

  async function workerHeap(sessionId: string, timeoutMs: number): Promise<HeapReading | null> {
    const id = nextId++;
    const answer = new Promise<HeapReading | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m.result ? reading(m.result) : null);
      });
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => undefined);
    const r = await answer;
    waiting.delete(id);
    return r;
  }

  return {
    async page() {
      return reading((await cdp.send('Runtime.getHeapUsage')) as HeapUsage);
    },
    async workers(timeoutMs = 2000) {
      const out = new Map<string, HeapReading>();
      await Promise.all(
        [...workers].map(async ([sessionId, url]) => {
          const r = await workerHeap(sessionId, timeoutMs);
          if (r) out.set(url, r);
        }),
      );
      return out;
    },
    async dispose() {
      await cdp.detach().catch(() => undefined);
    },
  };
}
