/**
 * @file The load scenario of `npm run bench` (issue 7): a workspace of 10,000 faces, then 1,000 of them
 * enhanced with digiface-augment in one queue, through the UI of the built app. It records the JS heap of
 * the page and of every worker (before the import, before the queue, peak during it, after it), the
 * main-thread long tasks and the longest gap between animation frames during the queue (how responsive
 * the UI stayed), and the browser's own whole-memory figure where it offers one.
 */
import type { Browser, Page } from '@playwright/test';
import { jsHeapParts, openApp, takeLongTasks, watchLongTasks, type HeapParts, type LongTaskReport } from './browserFigures';
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

export async function measureLoadFigures(browser: Browser, o: LoadOptions): Promise<LoadFigures> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.on('dialog', (d) => void d.accept());
  try {
    await openApp(page, o.url);
    await page.getByTestId('clear-workspace').click();
    await page.getByTestId('face-count').filter({ hasText: /^0 faces/ }).waitFor({ timeout: 60_000 });
    const perIdentity = 100;
    const identities = Math.ceil(o.faces / perIdentity);
    const faces = identities * perIdentity;
    o.log(`browser: load scenario: generating ${faces} faces…`);
    const zip = Buffer.from(makeFaceZip(identities, perIdentity, 64));
    const empty = await jsHeapParts(page);
    let t0 = Date.now();
    await page.getByTestId('import-files').setInputFiles({ name: 'load_faces.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByTestId('face-count').filter({ hasText: new RegExp(`^${faces} faces`) }).waitFor({ timeout: 1_200_000 });
    const importMs = Date.now() - t0;
    await page.waitForTimeout(1000);
    const loaded = await jsHeapParts(page);
    const uaLoaded = await uaMemory(page);
    o.log(`browser: ${faces} faces loaded in ${(importMs / 1000).toFixed(1)} s; JS heap ${(loaded.total / 2 ** 20).toFixed(1)} MiB`);

    const queued = Math.min(o.queue, faces);
    await page.evaluate((n) => {
      const s = (window as unknown as { __studio: { store: { getState(): { faceOrder: string[]; selectMany(ids: string[]): void } } } }).__studio.store.getState();
      s.selectMany(s.faceOrder.slice(0, n));
    }, queued);
    await watchLongTasks(page);
    await watchFrames(page);
    let peak = loaded;
    let samples = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const h = await jsHeapParts(page).catch(() => null);
        if (h) {
          peak = larger(peak, h);
          samples++;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    t0 = Date.now();
    await page.getByTestId('enhance-selected').click();
    await page.getByTestId('job').filter({ hasText: `Enhance ${queued} faces` }).and(page.locator('[data-status="done"]')).waitFor({ timeout: 1_800_000 });
    const enhanceMs = Date.now() - t0;
    polling = false;
    await poller;
    const longTasks = await takeLongTasks(page);
    const maxFrameGapMs = await takeFrameGap(page);
    await page.waitForTimeout(1000);
    const afterQueue = await jsHeapParts(page);
    const uaAfter = await uaMemory(page);
    o.log(`browser: ${queued} of ${faces} enhanced in ${(enhanceMs / 1000).toFixed(1)} s; JS heap peak ${(peak.total / 2 ** 20).toFixed(1)} MiB, after ${(afterQueue.total / 2 ** 20).toFixed(1)} MiB; ${longTasks.count} long tasks`);
    return {
      faces,
      queued,
      importMs,
      enhanceMs,
      heap: { empty, loaded, peakDuringQueue: peak, afterQueue, samples },
      uaMemory: { loaded: uaLoaded, afterQueue: uaAfter },
      longTasks,
      maxFrameGapMs,
      heapSource: 'performance.memory.usedJSHeapSize of the page, plus each worker where it exists (Chromium has it on window only, so workers read 0), polled every ~0.5 s (excludes WASM memory and Blob storage)',
    };
  } finally {
    await ctx.close();
  }
}
