/**
 * The studio's main flows in a real browser: load a DigiFace folder and a zip, run `digiface-augment`,
 * compare, export (re-read with Python's zipfile), reload keeps the workspace, cancel stops a queue, a
 * worker crash mid-queue resumes without losing results, and N variations per identity flow through gallery,
 * compare and export. Screenshots of the main views are saved to
 * e2e-screenshots/ for review.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { makeDigifaceFolder, readZipWithPython, zipFolder } from './support/makeFaces';
import { StudioPage } from './pages/StudioPage';

mkdirSync('e2e-screenshots', { recursive: true });

async function openReady(page: Page) {
  const studio = new StudioPage(page);
  await studio.open();
  // Start-up renders 24 sample faces and loads the pack: on a shared, loaded machine that takes minutes.
  await expect(page.getByTestId('loaded-digiface-augment')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('face-count')).toHaveText('24 faces in the workspace', { timeout: 150_000 }); // built-in samples
  return studio;
}

async function clearWorkspace(page: Page) {
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('clear-workspace').click();
  await expect(page.getByTestId('face-count')).toHaveText('0 faces in the workspace');
}

/** Counts from the store: the gallery is virtualised, so the DOM holds only the visible tiles. */
function countStatus(page: Page, status: string): Promise<number> {
  return page.evaluate((st) => Object.values((window as any).__studio.store.getState().status).filter((s) => s === st).length, status);
}

const faceTiles = (page: Page) => page.locator('[data-testid^="face-status-"]');

test('a first visit shows rendered sample faces and the default pack @wasm-only', async ({ page }) => {
  await openReady(page);
  await expect(page.getByTestId('gallery-group-0')).toBeVisible();
  await page.screenshot({ path: 'e2e-screenshots/first-visit.png' });
});

test('load a DigiFace folder and a zip, enhance, compare, export, reload @wasm-only', async ({ page }) => {
  await openReady(page);
  await clearWorkspace(page);

  const folder = makeDigifaceFolder(3, 4);
  await page.getByTestId('import-folder').setInputFiles(folder);
  await expect(page.getByTestId('face-count')).toHaveText('12 faces in the workspace');
  await expect(page.getByTestId('import-report')).toContainText('12 faces in 3 identities (DigiFace layout), 2 skipped');
  await page.getByTestId('import-report').locator('summary').click();
  await expect(page.getByTestId('skipped-list')).toContainText('0/99.png: file is text, not an image');
  await expect(page.getByTestId('skipped-list')).toContainText('README.txt');

  const zip = zipFolder(makeDigifaceFolder(2, 3));
  await page.getByTestId('import-files').setInputFiles(zip);
  await expect(page.getByTestId('face-count')).toHaveText('18 faces in the workspace');

  await page.getByTestId('enhance-all').click();
  const queue = page.getByTestId('job').filter({ hasText: 'Enhance 18 faces' });
  await expect(queue).toHaveAttribute('data-status', 'done');
  expect(await countStatus(page, 'done')).toBe(18);
  await page.screenshot({ path: 'e2e-screenshots/gallery-enhanced.png' });

  // Compare: open the first face; side by side, slider, difference.
  await faceTiles(page).first().dblclick();
  await expect(page.getByTestId('compare-before')).toBeVisible();
  await expect(page.getByTestId('compare-after')).toBeVisible();
  // Identity similarity from the built-in face stack, with the model named next to the number.
  await expect(page.getByTestId('compare-similarity')).toContainText(/0\.\d+.*HSE FaceRes via Human 3\.3\.6/, { timeout: 150_000 });
  await page.screenshot({ path: 'e2e-screenshots/compare-side-by-side.png' });
  await page.getByTestId('compare-mode-slider').click();
  await expect(page.getByTestId('compare-slider-handle')).toBeVisible();
  await page.screenshot({ path: 'e2e-screenshots/compare-slider.png' });
  await page.getByTestId('compare-mode-difference').click();
  await expect(page.getByTestId('compare-difference')).toHaveAttribute('data-ready', 'true');
  await page.screenshot({ path: 'e2e-screenshots/compare-difference.png' });

  // Export and re-read with an independent zip reader.
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-zip').click();
  const download = await downloadPromise;
  const path = test.info().outputPath('export.zip');
  await download.saveAs(path);
  const zipRead = readZipWithPython(path);
  const images = zipRead.names.filter((n) => n.endsWith('.png'));
  expect(images).toHaveLength(18);
  for (const n of images) expect(n).toMatch(/^[^/]+\/\d+\.png$/);
  expect(zipRead.names).toContain('manifest.json');
  expect(zipRead.names).toContain('metadata.csv');
  expect(zipRead.manifest.format).toBe('digi2real-export');
  expect(zipRead.manifest.images).toHaveLength(18);
  expect(zipRead.manifest.settings.packId).toBe('digiface-augment');
  expect(zipRead.manifest.packs[0].files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  const csvLines = zipRead.csv.trim().split('\n');
  expect(csvLines[0].split(',')[0]).toBe('file_name');
  expect(csvLines).toHaveLength(19);
  expect(new Set(csvLines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(images));

  // Reload: faces and results are still there.
  await page.reload();
  await expect(page.getByTestId('face-count')).toHaveText('18 faces in the workspace');
  await expect.poll(() => countStatus(page, 'done')).toBe(18);
  await expect(page.locator('[data-testid^="face-status-"][data-status="done"]').first()).toBeVisible();
});

test('an exported manifest restores its settings @wasm-only', async ({ page }) => {
  test.slow();
  await openReady(page);
  await page.getByTestId('seed').fill('777');
  await page.getByTestId('preset-strong').click();
  await page.getByTestId('enhance-identity').click();
  await expect(page.getByTestId('job').filter({ hasText: 'Enhance 4 faces' })).toHaveAttribute('data-status', 'done');
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-zip').click();
  const path = test.info().outputPath('export.zip');
  await (await downloadPromise).saveAs(path);
  const manifest = readZipWithPython(path).manifest;
  expect(manifest.settings.seed).toBe(777);

  expect(manifest.settings.variationsPerIdentity).toBe(1);

  await page.getByTestId('seed').fill('5');
  await page.getByTestId('preset-none').click();
  await new StudioPage(page).setVariationsPerIdentity(4);
  const file = test.info().outputPath('manifest.json');
  writeFileSync(file, JSON.stringify({ ...manifest, settings: { ...manifest.settings, variationsPerIdentity: 2 } }));
  await page.getByTestId('import-files').setInputFiles(file);
  await expect(page.getByTestId('seed')).toHaveValue('777');
  await expect(page.getByTestId('variations-per-identity')).toHaveValue('2');
  await expect(page.getByTestId('notice').filter({ hasText: 'Settings restored' })).toBeVisible();
});

test('cancel stops a running queue and a worker crash mid-queue resumes it @wasm-only', async ({ page }) => {
  test.slow();
  await openReady(page);
  await clearWorkspace(page);
  await page.getByTestId('import-folder').setInputFiles(makeDigifaceFolder(6, 6, 384));
  await expect(page.getByTestId('face-count')).toHaveText('36 faces in the workspace');

  // Cancel.
  await page.getByTestId('enhance-all').click();
  await expect(page.locator('[data-testid^="face-status-"][data-status="done"]').first()).toBeVisible();
  await page.getByTestId('job').filter({ hasText: 'Enhance 36 faces' }).getByTestId('job-cancel').click();
  await expect(page.getByTestId('job').filter({ hasText: 'Enhance 36 faces' })).toHaveAttribute('data-status', 'cancelled');
  const doneAfterCancel = await countStatus(page, 'done');
  expect(doneAfterCancel).toBeGreaterThan(0);
  expect(doneAfterCancel).toBeLessThan(36);
  expect(await countStatus(page, 'running')).toBe(0);
  expect(await countStatus(page, 'queued')).toBe(0);

  // Crash: terminate the worker while the queue runs; it restarts and finishes every face.
  await page.getByTestId('enhance-all').click();
  await expect.poll(() => countStatus(page, 'done')).toBeGreaterThan(doneAfterCancel);
  await page.evaluate(() => (window as any).__studio.client.restart('terminated by the test'));
  const queue = page.getByTestId('job').filter({ hasText: 'Enhance 36 faces' }).first();
  await expect(queue).toHaveAttribute('data-status', 'done', { timeout: 360_000 });
  expect(await countStatus(page, 'done')).toBe(36);
  await expect(page.getByTestId('notice').filter({ hasText: 'resumed the queue' })).toBeVisible();
});

test('variations per identity: 3 results per face in gallery, compare grid and export @wasm-only', async ({ page }) => {
  test.slow(); // start-up, two enhance runs, an export and a reload
  const studio = await openReady(page);
  await studio.setVariationsPerIdentity(3);
  // The share link carries the count.
  await page.getByTestId('share-link').click();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('variations=3');

  const identity = await page.evaluate(() => {
    const s = (window as any).__studio.store.getState();
    return s.faces[s.faceOrder[0]].identity as string;
  });
  const faceIds: string[] = await page.evaluate((id) => {
    const s = (window as any).__studio.store.getState();
    return s.faceOrder.filter((f: string) => s.faces[f].identity === id);
  }, identity);
  expect(faceIds).toHaveLength(4);
  await page.getByTestId('enhance-identity').click();
  // The compare panel measures the focused face's similarity with the face stack as soon as its first result
  // is in; loading that stack shares the worker with the queue, so allow for it.
  await expect(page.getByTestId('job').filter({ hasText: 'Enhance 4 faces × 3 variations' })).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  expect(await countStatus(page, 'done')).toBe(4);

  // Seeds follow the documented derivation: base seed (42, locked) + face position × 3 + variation.
  const byFace = await studio.resultsByFace();
  expect(Object.keys(byFace).sort()).toEqual([...faceIds].sort());
  faceIds.forEach((id, i) => expect(byFace[id]).toEqual([0, 1, 2].map((k) => ({ variation: k, seed: 42 + i * 3 + k }))));

  // Gallery: every tile of the identity says ×3.
  for (const id of faceIds) await expect(page.getByTestId(`face-variations-${id}`)).toHaveText('×3');

  // Compare: the grid holds all 12 variations, one row of 3 per source face.
  await page.getByTestId(`face-${faceIds[0]}`).dblclick();
  const grid = page.getByTestId('compare-variations');
  await expect(grid).toHaveAttribute('data-count', '12');
  await expect(grid.getByTestId('compare-variations-group')).toHaveCount(4);
  for (const g of await grid.getByTestId('compare-variations-group').all()) await expect(g).toHaveAttribute('data-count', '3');
  await grid.getByTestId(`variation-${faceIds[1]}/2`).click();
  await expect(page.getByTestId('compare-after')).toBeVisible();
  await expect(page.getByTestId('compare')).toContainText('seed 47 · variation 3 of 3');
  await expect(grid.getByTestId(`variation-${faceIds[1]}/2`)).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('compare').screenshot({ path: 'e2e-screenshots/compare-variation-grid.png' });

  // Export, re-read with fflate in the test process: 3 images per face, distinct seeds, CSV rows.
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-zip').click();
  const path = test.info().outputPath('variations.zip');
  await (await downloadPromise).saveAs(path);
  const zip = unzipSync(new Uint8Array(readFileSync(path)));
  const images = Object.keys(zip).filter((n) => n.endsWith('.png'));
  expect(images.sort()).toEqual(Array.from({ length: 12 }, (_, n) => `${identity}/${n}.png`).sort());
  for (const n of images) expect([...zip[n].subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
  const manifest = JSON.parse(strFromU8(zip['manifest.json']));
  expect(manifest.settings.variationsPerIdentity).toBe(3);
  expect(manifest.images).toHaveLength(12);
  expect(new Set(manifest.images.map((m: { seed: number }) => m.seed)).size).toBe(12);
  const faceNames: string[] = await page.evaluate((ids) => ids.map((id) => (window as any).__studio.store.getState().faces[id].name), faceIds);
  expect(manifest.images.map((m: { file: string; sourceFile: string; variation: number; seed: number }) => [m.file, m.sourceFile, m.variation, m.seed])).toEqual(
    faceNames.flatMap((name, i) => [0, 1, 2].map((k) => [`${identity}/${i * 3 + k}.png`, name, k, 42 + i * 3 + k])),
  );
  const csv = strFromU8(zip['metadata.csv']).trim().split('\n');
  expect(csv).toHaveLength(13);
  const header = csv[0].split(',');
  expect(header.slice(0, 1)).toEqual(['file_name']);
  const col = (name: string) => header.indexOf(name);
  const rows = csv.slice(1).map((l) => l.split(','));
  expect(rows.map((r) => r[0]).sort()).toEqual(images.sort());
  expect(rows.map((r) => Number(r[col('variation')]))).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  expect(new Set(rows.map((r) => r[col('seed')])).size).toBe(12);

  // A rerun with fewer variations drops the surplus ones.
  await studio.setVariationsPerIdentity(1);
  await page.getByTestId('enhance-identity').click();
  await expect(page.getByTestId('job').filter({ hasText: 'Enhance 4 faces with' })).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect.poll(async () => Object.values(await studio.resultsByFace()).map((l) => l.length)).toEqual([1, 1, 1, 1]);
  await expect(page.getByTestId(`face-variations-${faceIds[0]}`)).toHaveCount(0);

  // Reload: the workspace comes back with one result per face.
  await page.reload();
  await expect.poll(() => countStatus(page, 'done')).toBe(4);
  expect(Object.values(await studio.resultsByFace()).map((l) => l.length)).toEqual([1, 1, 1, 1]);
});
