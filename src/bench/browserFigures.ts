/**
 * @file The browser half of `npm run bench`: drives the built app in headless Chromium with Playwright.
 * - runtime figures (WASM, 2 threads) in the bench's own worker, added to the app page;
 * - main-thread long tasks on the app page while that worker runs one 25-step generation with the app's own
 *   WASM thread count;
 * - WebGPU: only on a hardware adapter with shader-f16, otherwise reported as skipped with the reason;
 * - pack load through the app's worker API (`window.__studio.client.api.loadPack`): cold (empty Cache
 *   Storage) and cached (after a reload), with the JS heap (page + workers) polled during the load;
 * - the UI flow: import a 1,000-face zip, "Enhance all" with digiface-augment, "Download zip", with
 *   long tasks watched throughout.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { summarize, type Summary } from './stats';
import type { AdapterReport } from './browser/harnessProtocol';
import type { RuntimeFigures, RuntimeOptions } from './runtimeFigures';
import { makeFaceZip } from './faceZip';
import { attachCdpHeapProbe, type CdpHeapProbe } from './cdpHeap';

export interface LongTaskReport {
  count: number;
  /** Longest long task (ms), 0 when none. */
  maxMs: number;
  totalMs: number;
}

export interface PackLoadFigures {
  coldMs: Summary;
  cachedMs: Summary;
  /**
   * The denominator: text encoder + UNet + VAE decoder sessions created from bytes already in memory, in a
   * fresh bench worker with the app's thread count (the conditions of a pack load: a fresh worker, each
   * component's first session), one sample per round.
   */
  bareCreateMs: Summary;
  bareThreads: number;
  /** Peak of (page + worker JS heaps, with ArrayBuffer backing stores) during a load minus the level just before it, bytes. */
  coldHeapGrowth: Summary;
  cachedHeapGrowth: Summary;
  heapSource: string;
  studioBackend: string;
}

export interface QueueFigures {
  images: number;
  enhanceMs: number;
  enhanceLongTasks: LongTaskReport;
  exportMs: number;
  exportLongTasks: LongTaskReport;
  exportBytes: number;
}

export interface BrowserFigures {
  chromium: string;
  wasm: RuntimeFigures;
  /** Main-thread long tasks while a worker with the app's WASM thread count runs one whole generation. */
  generationLongTasks: LongTaskReport & { steps: number; threads: number };
  webgpu: { skipped: string } | { figures: RuntimeFigures; adapter: string };
  packLoad: PackLoadFigures | { skipped: string };
  queue: QueueFigures | { skipped: string };
}

export interface BrowserBenchOptions {
  url: string;
  runtime: Omit<RuntimeOptions, 'onStep' | 'log' | 'executionProvider'>;
  loadRounds: number;
  queueImages: number;
  log: (s: string) => void;
}

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Precise heap numbers (otherwise Chrome quantises performance.memory to hide timing side channels).
const baseArgs = ['--enable-precise-memory-info', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="backend-reason"]');
    return Boolean((window as unknown as { __studio?: unknown }).__studio) && Boolean(el?.textContent);
  }, undefined, { timeout: 120_000 });
  // Let the startup work (default pack, sample faces) finish so it does not compete with a measurement.
  await page.getByTestId('loaded-digiface-augment').waitFor({ timeout: 120_000 }).catch(() => undefined);
  // The first visit also renders the sample faces in the app's worker: a measurement started before that
  // ends shares the cores with it (it made Chromium's UNet look 3× slower than Node's on 2 cores).
  await page.waitForFunction(() => !document.querySelector('[data-testid="job"][data-status="running"]'), undefined, { timeout: 300_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
}

async function addHarness(page: Page, url: string, log: (s: string) => void): Promise<void> {
  page.on('console', (m) => {
    if (m.text().startsWith('[bench-harness] ')) log(`browser ${m.text().slice(16)}`);
  });
  await page.addScriptTag({ url: `${url}/__bench/bench-harness.js`, type: 'module' });
  await page.waitForFunction(() => Boolean((window as unknown as { __bench?: unknown }).__bench));
}

/**
 * Waits until a finished job whose row contains `label` is listed. Polled twice a second in the page: a
 * locator's wait polls on every animation frame, and that work would be counted among the main-thread long
 * tasks being measured.
 */
export async function waitForJobDone(page: Page, label: string, timeout: number): Promise<void> {
  await page.waitForFunction(
    (l) => [...document.querySelectorAll('[data-testid="job"][data-status="done"]')].some((e) => e.textContent?.includes(l)),
    label,
    { polling: 500, timeout },
  );
}

export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __ltObserver?: PerformanceObserver };
    w.__longTasks = [];
    if (!w.__ltObserver) {
      w.__ltObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      });
      w.__ltObserver.observe({ type: 'longtask' });
    }
  });
}

export async function takeLongTasks(page: Page): Promise<LongTaskReport> {
  const xs = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));
  return { count: xs.length, maxMs: Math.max(0, ...xs), totalMs: xs.reduce((a, b) => a + b, 0) };
}

async function callHarness<T>(page: Page, req: object): Promise<T> {
  return page.evaluate((r) => (window as unknown as { __bench: { call(x: object): Promise<unknown> } }).__bench.call(r), req) as Promise<T>;
}

export interface HeapParts {
  page: number;
  workers: number;
  total: number;
}

/** Page and workers over CDP, backing stores included: pack bytes read into ArrayBuffers count. */
async function cdpHeapTotal(probe: CdpHeapProbe): Promise<number> {
  const [page, workers] = await Promise.all([probe.page(), probe.workers(1000)]);
  return page.bytes + [...workers.values()].reduce((n, r) => n + r.bytes, 0);
}

async function loadBenchPack(page: Page, jobId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const api = (window as unknown as { __studio: { client: { api: { loadPack(j: string, s: object): Promise<unknown> } } } }).__studio.client.api;
    const t0 = performance.now();
    await api.loadPack(id, { kind: 'builtin', id: 'bench' });
    return performance.now() - t0;
  }, jobId);
}

/**
 * Peak heap growth during one load, in a load of its own: the CDP sessions attached to the workers and the
 * polling every 50 ms slowed the load by up to a second, so timed loads run without them.
 */
async function loadHeapGrowth(page: Page, jobId: string): Promise<number> {
  const probe = await attachCdpHeapProbe(page);
  try {
    const before = await cdpHeapTotal(probe);
    let peak = before;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        peak = Math.max(peak, await cdpHeapTotal(probe).catch(() => 0));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await loadBenchPack(page, jobId);
    polling = false;
    await poller;
    return peak - before;
  } finally {
    await probe.dispose();
  }
}

async function appWasmThreads(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const b = await (window as unknown as { __studio: { client: { api: { backendInfo(): Promise<{ wasmThreads: number }> } } } }).__studio.client.api.backendInfo();
    return b.wasmThreads;
  });
}

/** One round of bare session creation in a fresh page and bench worker (see PackLoadFigures.bareCreateMs). */
async function bareCreationFresh(browser: Browser, o: Pick<BrowserBenchOptions, 'url' | 'log'>, threads: number): Promise<number> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  try {
    await openApp(page, o.url);
    await addHarness(page, o.url, o.log);
    const r = await callHarness<{ createAllMs: Summary }>(page, { cmd: 'create', base: '/models/bench/', threads, rounds: 1 });
    return r.createAllMs.median;
  } finally {
    await ctx.close();
  }
}

async function packLoad(browser: Browser, o: Pick<BrowserBenchOptions, 'url' | 'loadRounds' | 'log'>): Promise<PackLoadFigures> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  try {
    await openApp(page, o.url);
    const studioBackend = await page.evaluate(async () => {
      const b = await (window as unknown as { __studio: { client: { api: { backendInfo(): Promise<{ backend: string; reason: string }> } } } }).__studio.client.api.backendInfo();
      return `${b.backend} (${b.reason})`;
    });
    const threads = await appWasmThreads(page);
    const bare: number[] = [];
    const cold: number[] = [];
    const cached: number[] = [];
    const deleteCached = () => page.evaluate(() => (window as unknown as { __studio: { client: { api: { deleteCachedPack(id: string): Promise<void> } } } }).__studio.client.api.deleteCachedPack('bench'));
    for (let r = 0; r < o.loadRounds; r++) {
      bare.push(await bareCreationFresh(browser, o, threads));
      await deleteCached();
      await openApp(page, o.url); // a fresh worker: nothing of the pack in memory
      cold.push(await loadBenchPack(page, `bench-cold-${r}`));
      await openApp(page, o.url); // second visit: the pack comes from Cache Storage
      cached.push(await loadBenchPack(page, `bench-cached-${r}`));
      o.log(`browser: pack load round ${r + 1}: bare creation ${bare[r].toFixed(0)} ms, cold ${cold[r].toFixed(0)} ms, cached ${cached[r].toFixed(0)} ms`);
    }
    await deleteCached();
    await openApp(page, o.url);
    const coldHeap = await loadHeapGrowth(page, 'bench-cold-heap');
    await openApp(page, o.url);
    const cachedHeap = await loadHeapGrowth(page, 'bench-cached-heap');
    o.log(`browser: pack load heap growth: cold ${(coldHeap / 2 ** 20).toFixed(1)} MiB, cached ${(cachedHeap / 2 ** 20).toFixed(1)} MiB`);
    return {
      coldMs: summarize(cold),
      cachedMs: summarize(cached),
      bareCreateMs: summarize(bare),
      bareThreads: threads,
      coldHeapGrowth: summarize([coldHeap]),
      cachedHeapGrowth: summarize([cachedHeap]),
      heapSource: 'CDP Runtime.getHeapUsage (V8 used heap + ArrayBuffer backing stores) of the page and of each worker, polled every ~50 ms during one extra cold and one extra cached load, not the timed ones (excludes WASM memory and Blob storage)',
      studioBackend,
    };
  } finally {
    await ctx.close();
  }
}

async function queue(browser: Browser, o: BrowserBenchOptions): Promise<QueueFigures> {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await ctx.newPage();
  page.on('dialog', (d) => void d.accept());
  try {
    await openApp(page, o.url);
    await page.getByTestId('clear-workspace').click();
    await page.getByTestId('face-count').filter({ hasText: /^0 faces/ }).waitFor({ timeout: 60_000 });
    const variations = 20;
    const identities = Math.ceil(o.queueImages / variations);
    const images = identities * variations;
    await page.getByTestId('import-files').setInputFiles({ name: 'bench_faces.zip', mimeType: 'application/zip', buffer: Buffer.from(makeFaceZip(identities, variations)) });
    await page.getByTestId('face-count').filter({ hasText: new RegExp(`^${images} faces`) }).waitFor({ timeout: 300_000 });
    await page.waitForTimeout(500);

    await watchLongTasks(page);
    let t0 = Date.now();
    await page.getByTestId('enhance-all').click();
    await waitForJobDone(page, `Enhance ${images} faces`, 600_000);
    const enhanceMs = Date.now() - t0;
    const enhanceLongTasks = await takeLongTasks(page);
    o.log(`browser: enhanced ${images} faces in ${(enhanceMs / 1000).toFixed(1)} s, ${enhanceLongTasks.count} long tasks`);

    const download = page.waitForEvent('download', { timeout: 600_000 });
    t0 = Date.now();
    await page.getByTestId('export-zip').click();
    const d = await download;
    const exportMs = Date.now() - t0;
    const exportLongTasks = await takeLongTasks(page);
    const path = await d.path();
    const { statSync } = await import('node:fs');
    return { images, enhanceMs, enhanceLongTasks, exportMs, exportLongTasks, exportBytes: statSync(path).size };
  } finally {
    await ctx.close();
  }
}

function skipped(what: string, e: unknown, log: (s: string) => void): { skipped: string } {
  const msg = (e as Error).message?.split('\n')[0] ?? String(e);
  log(`browser: ${what} failed: ${msg}`);
  return { skipped: `failed: ${msg}` };
}

/** Headless Chromium as every browser part of the bench launches it (WASM; precise heap figures). */
export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath, args: baseArgs });
}

export async function measureBrowserFigures(o: BrowserBenchOptions): Promise<BrowserFigures> {
  // No --enable-unsafe-webgpu here: the app then picks WASM (2 threads when cross-origin isolated).
  const browser = await chromium.launch({ executablePath, args: baseArgs });
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await openApp(page, o.url);
    await addHarness(page, o.url, o.log);
    o.log('browser: runtime figures (WASM, 2 threads)…');
    const wasm = await callHarness<RuntimeFigures>(page, { cmd: 'runtime', base: '/models/bench/', threads: 2, options: { ...o.runtime, executionProvider: 'wasm' } });
    await ctx.close();
    const generationLongTasks = await measureGenerationUi(browser, o);

    const webgpu = await measureWebGpu(o);
    const packLoadFig = await packLoad(browser, o).catch((e) => skipped('pack load', e, o.log));
    const queueFig = await queue(browser, o).catch((e) => skipped('queue', e, o.log));
    return { chromium: browser.version(), wasm, generationLongTasks, webgpu, packLoad: packLoadFig, queue: queueFig };
  } finally {
    await browser.close();
  }
}

/**
 * Long tasks on the app page while the bench worker runs one whole generation (sessions, 25 steps, VAE
 * decode) with the thread count the app itself gives ORT here (detectBackend.ts leaves one core to the
 * page). A fresh page: ORT fixes its thread count when a worker first initialises it.
 */
export async function measureGenerationUi(browser: Browser, o: BrowserBenchOptions): Promise<BrowserFigures['generationLongTasks']> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  try {
    await openApp(page, o.url);
    await addHarness(page, o.url, o.log);
    const threads = await appWasmThreads(page);
    const steps = o.runtime.samplerSteps + 1;
    o.log(`browser: UI during a ${steps}-step generation (WASM, ${threads} thread${threads === 1 ? '' : 's'}, as the app)…`);
    await watchLongTasks(page);
    await callHarness(page, { cmd: 'generate', base: '/models/bench/', threads, steps });
    return { ...(await takeLongTasks(page)), steps, threads };
  } finally {
    await ctx.close();
  }
}

async function measureWebGpu(o: BrowserBenchOptions): Promise<BrowserFigures['webgpu']> {
  const browser = await chromium.launch({ executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] });
  try {
    const page = await (await browser.newContext()).newPage();
    await openApp(page, o.url);
    await addHarness(page, o.url, o.log);
    const adapter = await callHarness<AdapterReport>(page, { cmd: 'adapter' });
    if (!adapter.available) {
      o.log(`browser: WebGPU skipped: ${adapter.reason}`);
      return { skipped: adapter.reason };
    }
    o.log(`browser: WebGPU on ${adapter.name}…`);
    const figures = await callHarness<RuntimeFigures>(page, { cmd: 'runtime', base: '/models/bench/', threads: 1, options: { ...o.runtime, executionProvider: 'webgpu' } });
    return { figures, adapter: adapter.name ?? '' };
  } catch (e) {
    return skipped('WebGPU', e, o.log);
  } finally {
    await browser.close();
  }
}

/** `--only packload`: pack load (app worker) against bare session creation (bench worker), in one browser. */
export async function measurePackLoadOnly(o: Pick<BrowserBenchOptions, 'url' | 'loadRounds' | 'log'>): Promise<{ chromium: string; packLoad: PackLoadFigures }> {
  const browser = await chromium.launch({ executablePath, args: baseArgs });
  try {
    return { chromium: browser.version(), packLoad: await packLoad(browser, o) };
  } finally {
    await browser.close();
  }
}
