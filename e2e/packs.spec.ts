/**
 * Model packs in the browser: the built-in list, loading with progress, caching for an offline second visit,
 * and every broken-pack case reported by name while the previously loaded pack keeps working.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { StudioPage } from './pages/StudioPage';

const selfTestModel = readFileSync('models/self-test/model.onnx');
const selfTestManifest = JSON.parse(readFileSync('models/self-test/manifest.json', 'utf8'));
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

async function runSelfTestComponent(page: Page) {
  return page.evaluate(async () => {
    const api = (window as any).__studio.client.api;
    const r = await api.runPackComponent('self-test', 'model', { x: { dims: [1, 3, 64, 64], data: new Float32Array(3 * 64 * 64).fill(0.3) } });
    return r.outputs.y.dims as number[];
  });
}

test('lists the built-in packs, loads one with progress, and loads it again offline', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await expect(page.getByTestId('pack-self-test')).toBeVisible();
  await page.getByTestId('load-self-test').click();
  await expect(page.getByTestId('loaded-self-test')).toBeVisible();
  await expect(page.getByTestId('job').first()).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('cached-packs')).toContainText('Runtime self-test');
  expect(await runSelfTestComponent(page)).toEqual([1, 3, 64, 64]);

  // Second visit with the pack's server unreachable: everything comes from the cache.
  await page.route('**/models/self-test/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByTestId('backend-reason')).not.toBeEmpty();
  const r = await page.evaluate(async () => {
    const api = (window as any).__studio.client.api;
    const out = await api.loadPack('offline-1', { kind: 'builtin', id: 'self-test' });
    return { fromSourceBytes: out.fromSourceBytes, fromCacheBytes: out.fromCacheBytes };
  });
  expect(r.fromSourceBytes).toBe(0);
  expect(r.fromCacheBytes).toBe(selfTestModel.byteLength);
  expect(await runSelfTestComponent(page)).toEqual([1, 3, 64, 64]);
  // The studio worker had the cached files read on its helper thread (src/worker/packs/readBlobBytes.ts), so that
  // reads go on while a session is being created.
  expect(page.workers().map((w) => w.url()).filter((u) => /blobReader\.worker/.test(u))).toHaveLength(1);
});

type Case = { name: string; files: Record<string, Buffer | string>; expected: RegExp };

function manifestWith(patch: (m: any) => void): string {
  const m = structuredClone(selfTestManifest);
  m.id = 'broken';
  patch(m);
  return JSON.stringify(m);
}

const garbage = Buffer.from('this is not an onnx model');
const cases: Case[] = [
  { name: 'malformed manifest', files: { 'manifest.json': '{"id": "broken", ' }, expected: /manifest.json is not valid JSON/ },
  { name: 'invalid manifest', files: { 'manifest.json': manifestWith((m) => delete m.licences) }, expected: /Pack "broken" has an invalid manifest: licences must list/ },
  { name: 'missing file', files: { 'manifest.json': manifestWith(() => {}) }, expected: /Pack "broken" file "model.onnx": file not found/ },
  {
    name: 'checksum mismatch',
    files: { 'manifest.json': manifestWith((m) => (m.components.model.sha256 = 'a'.repeat(64))), 'model.onnx': selfTestModel },
    expected: /Pack "broken" file "model.onnx" failed its sha256 check/,
  },
  {
    name: 'truncated download',
    files: { 'manifest.json': manifestWith(() => {}), 'model.onnx': selfTestModel.subarray(0, 1000) },
    expected: /Pack "broken" file "model.onnx" is truncated or the wrong size: got 1000 bytes/,
  },
  {
    name: 'ONNX that fails to parse',
    files: {
      'manifest.json': manifestWith((m) => Object.assign(m.components.model, { sha256: sha(garbage), bytes: garbage.byteLength })),
      'model.onnx': garbage,
    },
    expected: /Pack "broken" component "model" \(model.onnx\) is not a model this runtime can load/,
  },
  {
    name: 'inputs that do not match the manifest',
    files: { 'manifest.json': manifestWith((m) => (m.components.model.inputs[0].name = 'image')), 'model.onnx': selfTestModel },
    expected: /Pack "broken" component "model": the model has inputs \[x\].*the manifest says inputs \[image\]/,
  },
  {
    name: 'a pack too large for the device',
    files: { 'manifest.json': manifestWith((m) => (m.memoryBytes = 64 * 2 ** 30)), 'model.onnx': selfTestModel },
    expected: /Pack "broken" needs about 64.0 GiB but this device allows about/,
  },
];

test('each broken pack gets a clear message and the loaded pack keeps working', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await page.getByTestId('load-self-test').click();
  await expect(page.getByTestId('loaded-self-test')).toBeVisible();

  for (const c of cases) {
    await test.step(c.name, async () => {
      await page.unrouteAll();
      await page.route(`**/test-packs/${encodeURIComponent(c.name)}/**`, (route) => {
        const file = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
        const body = c.files[file];
        return body === undefined ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, body: Buffer.from(body) });
      });
      await page.getByTestId('pack-url').fill(`${new URL(page.url()).origin}/test-packs/${encodeURIComponent(c.name)}/`);
      await page.getByRole('button', { name: 'Load URL' }).click();
      await expect(page.getByTestId('notice').filter({ hasText: c.expected })).toBeVisible();
      expect(await runSelfTestComponent(page)).toEqual([1, 3, 64, 64]);
    });
  }
  await expect(page.getByTestId('loaded-self-test')).toBeVisible();
  await expect(page.getByTestId('job').filter({ hasText: 'test-packs' }).first()).toHaveAttribute('data-status', 'failed');
});

test('digiface-augment runs in the worker and matches onnxruntime in Node', async ({ page }, info) => {
  const ort = await import('onnxruntime-web');
  const { augmentFeeds } = await import('../src/engine/augment');
  const { AUGMENT_PRESETS } = await import('../src/engine/augment/augmentPresets');
  // 32×32, and 21×27 (not square, not a multiple of 8). At both, the strong preset exercises what WebGPU used to
  // compute differently: n / 2.5 is not a whole number (Resize size), cos 12° and 35° (Sin/Cos), and a motion
  // blur σ above its cross-axis cap (Min then Mul).
  const sizes = [
    { height: 32, width: 32 },
    { height: 21, width: 27 },
  ];
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync('models/digiface-augment/model.onnx'));
  const cases = [];
  for (const size of sizes) {
    const n = size.height * size.width;
    const image = Float32Array.from({ length: 3 * n }, (_, i) => 0.5 + 0.4 * Math.sin(i * 0.05));
    const feeds = { ...augmentFeeds({ ...AUGMENT_PRESETS.strong }, 99, size), image: { dims: [1, 3, size.height, size.width], data: image } };
    const nodeOut = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)])));
    cases.push({ size, feeds, reference: nodeOut.augmented.data as Float32Array });
  }

  const studio = new StudioPage(page);
  await studio.open();
  const got = await page.evaluate(
    async (all) => {
      const api = (window as any).__studio.client.api;
      await api.loadPack('aug-load', { kind: 'builtin', id: 'digiface-augment' });
      const runs = [];
      for (const f of all) {
        const plain = Object.fromEntries(Object.entries(f).map(([k, t]: [string, any]) => [k, { dims: t.dims, data: new Float32Array(t.data) }]));
        const r = await api.runPackComponent('digiface-augment', 'model', plain);
        runs.push({ backend: r.backend as string, y: Array.from(r.outputs.augmented.data as Float32Array) });
      }
      const info = await api.backendInfo();
      return { runs, notices: info.notices as string[] };
    },
    cases.map((c) => Object.fromEntries(Object.entries(c.feeds).map(([k, t]) => [k, { dims: t.dims, data: Array.from(t.data) }]))),
  );
  // No backend pin: the pack runs on the studio's backend, WebGPU where there is an adapter, and never fell back.
  const expected = info.project.name === 'webgpu-swiftshader' ? 'webgpu' : 'wasm';
  expect(got.notices).toEqual([]);
  for (const [i, { size, reference }] of cases.entries()) {
    const { backend, y } = got.runs[i];
    expect(backend).toBe(expected);
    let max = 0;
    for (let j = 0; j < reference.length; j++) max = Math.max(max, Math.abs(y[j] - reference[j]));
    console.log(`[${info.project.name}] digiface-augment on ${backend} (strong preset, ${size.height}×${size.width}): max |browser − Node| = ${max.toExponential(2)}`);
    // float32 summation order differs between kernels (measured ~3e-7 on SwiftShader); WebGPU used to be 0.19 off.
    expect(max).toBeLessThan(1e-4);
    expect(Math.max(...y) - Math.min(...y)).toBeGreaterThan(0.1);
  }
});

test('a pack whose manifest pins it to WASM runs on WASM while WebGPU is active @webgpu', async ({ page }) => {
  const manifest = JSON.stringify({ ...structuredClone(selfTestManifest), id: 'pinned-to-wasm', backend: 'wasm' });
  const files: Record<string, Buffer | string> = { 'manifest.json': manifest, 'model.onnx': selfTestModel };
  await page.route('**/test-packs/pinned/**', (route) => {
    const body = files[new URL(route.request().url()).pathname.split('/').pop()!];
    return body === undefined ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, body: Buffer.from(body) });
  });
  const studio = new StudioPage(page);
  await studio.open();
  const r = await page.evaluate(async () => {
    const api = (window as any).__studio.client.api;
    const x = { dims: [1, 3, 64, 64], data: new Float32Array(3 * 64 * 64).fill(0.3) };
    // The pinned model runs first: onnxruntime-web 1.30 cannot start its WebGPU backend once a session has
    // started its plain WASM one ("multiple calls to 'initWasm()'"), so the runtime must bring WebGPU up first.
    await api.loadPack('pinned-load', { kind: 'url', url: `${location.origin}/test-packs/pinned/` });
    const pinned = await api.runPackComponent('pinned-to-wasm', 'model', { x });
    await api.loadPack('self-test-load', { kind: 'builtin', id: 'self-test' });
    const unpinned = await api.runPackComponent('self-test', 'model', { x });
    return { pinned: pinned.backend as string, unpinned: unpinned.backend as string, notices: (await api.backendInfo()).notices as string[] };
  });
  expect(r).toEqual({ pinned: 'wasm', unpinned: 'webgpu', notices: [] });
});

test('the official Arc2Face file layout imports in the browser into a cached, loadable pack @wasm-only', async ({ page }) => {
  const { buildArc2FaceTinySourceFiles } = await import('../src/packs/builtin/arc2faceTinySourceFiles');
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const src = buildArc2FaceTinySourceFiles();
  const root = join(mkdtempSync(join(tmpdir(), 'a2f-')), 'downloads');
  for (const [folder, files] of [['arc2face', src.unet], ['encoder', src.encoder], ['vae', src.vae]] as const) {
    mkdirSync(join(root, folder), { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(root, folder, name), bytes);
  }
  writeFileSync(join(root, 'arcface.onnx'), src.arcface);
  const studio = new StudioPage(page);
  await studio.open();
  await page.getByTestId('import-precision').selectOption('fp32');
  await page.getByTestId('import-arc2face').setInputFiles(root);
  const job = page.getByTestId('job').filter({ hasText: 'Import Arc2Face' });
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('notice').filter({ hasText: /Imported pack "arc2face/ })).toBeVisible();
  const loadedId = await page.evaluate(() => (window as any).__studio.store.getState().activePackId);
  expect(loadedId).toMatch(/^arc2face/);
  await expect(page.getByTestId(`loaded-${loadedId}`)).toBeVisible();
  // After a reload the active imported pack comes back from the browser's cache alone.
  await page.reload();
  await expect(page.getByTestId(`loaded-${loadedId}`)).toBeVisible();
  await expect(page.getByTestId('job').filter({ hasText: `Load cached pack "${loadedId}"` })).toHaveAttribute('data-status', 'done');
});
