/**
 * @file The load scenario of `npm run bench` (issue 7): a workspace of 10,000 faces, then 1,000 of them
 * enhanced with digiface-augment in one queue, through the UI of the built app. It records the JS heap of
 * the page and of every worker (before the import, before the queue, peak during it, after it), the
 * main-thread long tasks and the longest gap between animation frames during the queue (how responsive
 * the UI stayed), and the browser's own whole-memory figure where it offers one.
 */
import { statSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { openApp, takeLongTasks, waitForJobDone, watchLongTasks, type HeapParts, type LongTaskReport } from './browserFigures';
import { attachCdpHeapProbe, type CdpHeapProbe } from './cdpHeap';
import { makeFaceZip } from './faceZip';

export interface LoadFigures {
  faces: number;
  queued: number;
  importMs: number;
  enhanceMs: number;
  /** JS heap (bytes): page, all workers, total, at each point. */
  heap: { empty: HeapParts; loaded: HeapParts; peakDuringQueue: HeapParts; afterQueue: HeapParts; samples: number };
  /** performance.measureUserAgentSpecificMemory() (bytes, includes WASM memory and DOM), when available. */
  uaMemory: { loaded: number | null; afterQueue: number | null };
  longTasks: LongTaskReport;
  /** Longest interval between requestAnimationFrame callbacks on the main thread during the queue (ms). */
  maxFrameGapMs: number;
  heapSource: string;
  /** "Download zip" of the enhanced images right after the queue: JS heap before and at its peak. */
  export: { images: number; ms: number; zipBytes: number; before: HeapParts; peak: HeapParts };
}

export interface LoadOptions {
  url: string;
  faces: number;
  queue: number;
  log: (s: string) => void;
}

/** The browser's whole-memory estimate (cross-origin isolated pages only); null when absent or too slow. */
async function uaMemory(page: Page): Promise<number | null> {
  return page
    .evaluate(async () => {
      const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
      if (!p.measureUserAgentSpecificMemory || !self.crossOriginIsolated) return null;
      // It waits for the next garbage collection; do not let it hold the bench up.
      const r = await Promise.race([p.measureUserAgentSpecificMemory(), new Promise<null>((res) => setTimeout(() => res(null), 30_000))]);
      return r ? r.bytes : null;
    })
    .catch(() => null);
}

async function watchFrames(page: Page): Promise<void> {
  // A string, not a function: tsx (esbuild keepNames) would wrap a named inner function in a `__name` helper
  // that does not exist in the page.
  await page.evaluate(`(() => {
    const gap = { max: 0, last: performance.now(), on: true };
    window.__frameGap = gap;
    requestAnimationFrame(function frame(t) {
      gap.max = Math.max(gap.max, t - gap.last);
      gap.last = t;
      if (gap.on) requestAnimationFrame(frame);
    });
  })()`);
}

async function takeFrameGap(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = (window as unknown as { __frameGap: { max: number; on: boolean } }).__frameGap;
    g.on = false;
    return g.max;
  });
}

const larger = (a: HeapParts, b: HeapParts) => (a.total >= b.total ? a : b);

/** Page and every worker over CDP (workers have no performance.memory); a worker too busy to answer counts 0. */
async function cdpHeapParts(probe: CdpHeapProbe): Promise<HeapParts> {
  const [page, workers] = await Promise.all([probe.page(), probe.workers(1000)]);
  const w = [...workers.values()].reduce((n, r) => n + r.bytes, 0);
  return { page: page.bytes, workers: w, total: page.bytes + w };
}

/** Samples the heap every ~250 ms until `done` settles; returns its result and the largest total seen. */
async function peakWhile<T>(probe: CdpHeapProbe, start: HeapParts, done: Promise<T>): Promise<{ value: T; peak: HeapParts; samples: number }> {
  let peak = start;
  let samples = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const h = await cdpHeapParts(probe).catch(() => null);
      if (h) {
        peak = larger(peak, h);
        samples++;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    return { value: await done, peak, samples };
  } finally {
    polling = false;
    await poller;
  }
}

export async function measureLoadFigures(browser: Browser, o: LoadOptions): Promise<LoadFigures> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.on('dialog', (d) => void d.accept());
  try {
    await openApp(page, o.url);
    const probe = await attachCdpHeapProbe(page);
    const jsHeapParts = () => cdpHeapParts(probe);
    await page.getByTestId('clear-workspace').click();
    await page.getByTestId('face-count').filter({ hasText: /^0 faces/ }).waitFor({ timeout: 60_000 });
    const perIdentity = 100;
    const identities = Math.ceil(o.faces / perIdentity);
    const faces = identities * perIdentity;
    o.log(`browser: load scenario: generating ${faces} faces…`);
    const zip = Buffer.from(makeFaceZip(identities, perIdentity, 64));
    const empty = await jsHeapParts();
    let t0 = Date.now();
    await page.getByTestId('import-files').setInputFiles({ name: 'load_faces.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByTestId('face-count').filter({ hasText: new RegExp(`^${faces} faces`) }).waitFor({ timeout: 1_200_000 });
    const importMs = Date.now() - t0;
    await page.waitForTimeout(1000);
    const loaded = await jsHeapParts();
    const uaLoaded = await uaMemory(page);
    o.log(`browser: ${faces} faces loaded in ${(importMs / 1000).toFixed(1)} s; JS heap ${(loaded.total / 2 ** 20).toFixed(1)} MiB`);

    const queued = Math.min(o.queue, faces);
    await page.evaluate((n) => {
      const s = (window as unknown as { __studio: { store: { getState(): { faceOrder: string[]; selectMany(ids: string[]): void } } } }).__studio.store.getState();
      s.selectMany(s.faceOrder.slice(0, n));
    }, queued);
    await watchLongTasks(page);
    await watchFrames(page);
    t0 = Date.now();
    await page.getByTestId('enhance-selected').click();
    const queue = waitForJobDone(page, `Enhance ${queued} faces`, 1_800_000);
    const { peak, samples } = await peakWhile(probe, loaded, queue);
    const enhanceMs = Date.now() - t0;
    const longTasks = await takeLongTasks(page);
    const maxFrameGapMs = await takeFrameGap(page);
    await page.waitForTimeout(1000);
    const afterQueue = await jsHeapParts();
    const uaAfter = await uaMemory(page);
    o.log(`browser: ${queued} of ${faces} enhanced in ${(enhanceMs / 1000).toFixed(1)} s; JS heap peak ${(peak.total / 2 ** 20).toFixed(1)} MiB, after ${(afterQueue.total / 2 ** 20).toFixed(1)} MiB; ${longTasks.count} long tasks`);

    const exportBefore = await jsHeapParts();
    t0 = Date.now();
    const download = page.waitForEvent('download', { timeout: 600_000 });
    await page.getByTestId('export-zip').click();
    const exported = await peakWhile(probe, exportBefore, download);
    const exportMs = Date.now() - t0;
    const zipPath = await exported.value.path();
    const zipBytes = zipPath ? statSync(zipPath).size : 0;
    o.log(`browser: export of ${queued} images (${(zipBytes / 2 ** 20).toFixed(1)} MiB) in ${(exportMs / 1000).toFixed(1)} s; JS heap peak ${(exported.peak.total / 2 ** 20).toFixed(1)} MiB (before ${(exportBefore.total / 2 ** 20).toFixed(1)} MiB)`);
    await probe.dispose();
    return {
      faces,
      queued,
      importMs,
      enhanceMs,
      heap: { empty, loaded, peakDuringQueue: peak, afterQueue, samples },
      uaMemory: { loaded: uaLoaded, afterQueue: uaAfter },
      longTasks,
      maxFrameGapMs,
      heapSource: 'CDP Runtime.getHeapUsage (V8 used heap + ArrayBuffer backing stores) of the page and of each worker it started, polled every ~0.25 s (excludes WASM memory and Blob storage)',
      export: { images: queued, ms: exportMs, zipBytes, before: exportBefore, peak: exported.peak },
    };
  } finally {
    await ctx.close();
  }
}
