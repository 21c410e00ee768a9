/**
 * The in-browser Arc2Face import streams: a generated model of tens of MB (SD-like proportions: UNet ≫ text
 * encoder ≈ VAE) goes from dropped files into Cache Storage tensor by tensor. The studio worker's JS heap
 * (V8 heap + ArrayBuffer contents, from CDP Runtime.getHeapUsage, which answers even while the worker is
 * busy) is polled during the import; its peak growth must stay a fraction of the weights. The old path
 * (every weight loaded, the whole pack built in memory, then copied into Blobs) held the model 2–3 times.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { StudioPage } from './pages/StudioPage';

/** Wider than arc2face-tiny: about 50 MB of UNet, 5 MB each of text encoder and VAE (fp32). */
const SCALED = {
  unet: { block_out_channels: [128, 256], cross_attention_dim: 128, attention_head_dim: 8, layers_per_block: 1 },
  text: { hidden_size: 128, intermediate_size: 512, num_hidden_layers: 4, projection_dim: 128 },
  vae: { block_out_channels: [32, 64, 64, 64] },
};

/** Heap of one sample: as found (`raw`, with garbage not yet collected) and after a forced GC (`live`). */
interface HeapSample {
  raw: number;
  live: number;
}

/**
 * JS heap of the page and every worker it runs (usedSize + backingStorageSize: V8 heap plus ArrayBuffer
 * contents, not WASM memory or Blobs), read once as found and once after HeapProfiler.collectGarbage.
 */
async function heapProbe(page: Page): Promise<() => Promise<HeapSample>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workers = new Set<string>();
  const pending = new Map<number, (r: { usedSize?: number; backingStorageSize?: number }) => void>();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workers.add(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number; backingStorageSize?: number } };
    if (m.id !== undefined && m.result) pending.get(m.id)?.(m.result);
  });
  // Non-flat sessions: Playwright's CDPSession talks to one target, so worker messages travel through the page's.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const last = new Map<string, number>();
  /** Sends `method` to a worker; resolves with its heap figure (or the last one, if it does not answer in 2 s). */
  const send = (sessionId: string, method: string) =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      const key = `${sessionId}/${method}`;
      const timer = setTimeout(() => resolve(last.get(key) ?? 0), 2000);
      pending.set(id, (r) => {
        clearTimeout(timer);
        const v = (r.usedSize ?? 0) + (r.backingStorageSize ?? 0);
        last.set(key, v);
        resolve(v);
      });
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve(0));
    });
  const usage = (r: { usedSize: number; backingStorageSize?: number }) => r.usedSize + (r.backingStorageSize ?? 0);
  return async () => {
    const sessions = [...workers];
    const raw = usage(await cdp.send('Runtime.getHeapUsage')) + (await Promise.all(sessions.map((s) => send(s, 'Runtime.getHeapUsage')))).reduce((a, b) => a + b, 0);
    await cdp.send('HeapProfiler.collectGarbage');
    await Promise.all(sessions.map((s) => send(s, 'HeapProfiler.collectGarbage')));
    const pageLive = usage(await cdp.send('Runtime.getHeapUsage'));
    const per = await Promise.all(sessions.map((s) => send(s, 'Runtime.getHeapUsage')));
    const live = pageLive + per.reduce((a, b) => a + b, 0);
    return { raw, live };
  };
}

test('an in-browser Arc2Face import streams into the cache without holding the model in the JS heap @wasm-only', async ({ page }) => {
  test.setTimeout(600_000);
  const { buildArc2FaceTinySourceFiles } = await import('../src/packs/builtin/arc2faceTinySourceFiles');
  const src = buildArc2FaceTinySourceFiles(SCALED);
  const root = join(mkdtempSync(join(tmpdir(), 'a2f-stream-')), 'downloads');
  let sourceBytes = src.arcface.byteLength;
  for (const [folder, files] of [['arc2face', src.unet], ['encoder', src.encoder], ['vae', src.vae]] as const) {
    mkdirSync(join(root, folder), { recursive: true });
    for (const [name, bytes] of files) {
      writeFileSync(join(root, folder, name), bytes);
      sourceBytes += bytes.byteLength;
    }
  }
  writeFileSync(join(root, 'arcface.onnx'), src.arcface);

  const studio = new StudioPage(page);
  await studio.open();
  await expect(page.getByTestId('loaded-digiface-augment')).toBeVisible({ timeout: 120_000 });
  // A picker of our own, so the test calls the worker API itself and sees each progress phase.
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', multiple: true, id: 'stream-import' });
    input.setAttribute('webkitdirectory', '');
    document.body.append(input);
  });
  await page.locator('#stream-import').setInputFiles(root);
  const heap = await heapProbe(page);
  await page.waitForTimeout(1000);
  await heap();
  const baseline = await heap();

  const samples: ({ t: number } & HeapSample)[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      samples.push({ t: Date.now(), ...(await heap()) });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await page.evaluate(async () => {
    const w = window as any;
    const input = document.getElementById('stream-import') as HTMLInputElement;
    const files = [...input.files!].map((f) => ({ name: f.webkitRelativePath || f.name, blob: f }));
    const phases: { phase: string; t: number }[] = [];
    const r = await w.__studio.client.api.importArc2Face('stream-import-1', files, { precision: 'fp32' }, w.__studio.proxy((p: { phase: string }) => {
      if (phases.at(-1)?.phase !== p.phase) phases.push({ phase: p.phase, t: Date.now() });
    }));
    return { packId: r.pack.id as string, packBytes: r.pack.bytes as number, fromCacheBytes: r.fromCacheBytes as number, phases };
  });
  polling = false;
  await poller;

  const importEnd = result.phases.find((p) => !p.phase.startsWith('import'))?.t ?? Infinity;
  const duringImport = samples.filter((s) => s.t <= importEnd);
  const peak = (xs: typeof samples, k: keyof HeapSample) => Math.max(...xs.map((s) => s[k])) - baseline[k];
  const ratio = peak(duringImport, 'live') / result.packBytes;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(
    `[import-streaming] pack ${mb(result.packBytes)} from ${mb(sourceBytes)} of files, ${duringImport.length} samples during the import; ` +
      `peak JS heap growth: live ${mb(peak(duringImport, 'live'))} = ${ratio.toFixed(3)} × pack bytes, ` +
      `as found (garbage included) ${mb(peak(duringImport, 'raw'))} = ${(peak(duringImport, 'raw') / result.packBytes).toFixed(3)} ×; ` +
      `including the session load that follows: live ${mb(peak(samples, 'live'))}, as found ${mb(peak(samples, 'raw'))}`,
  );
  expect(duringImport.length).toBeGreaterThan(10);
  expect(result.phases.map((p) => p.phase)).toContain('import unet');
  // Measured 0.43–0.69 for this 59 MB pack on the development machine (docs/performance.md). Generous bound:
  // the old path (all weights loaded, the pack built in memory, then copied into Blobs) held the model 2–3 times.
  expect(ratio).toBeLessThan(0.9);

  // The pack was stored complete and loaded from the cache alone.
  expect(result.fromCacheBytes).toBe(result.packBytes);
  const cached = await page.evaluate(async (id) => ((await (window as any).__studio.client.api.listCachedPacks()) as { pack: { id: string }; complete: boolean }[]).find((c) => c.pack.id === id), result.packId);
  expect(cached).toMatchObject({ complete: true });
});
