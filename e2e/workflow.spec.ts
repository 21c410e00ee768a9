/**
 * The studio's main flows in a real browser: load a DigiFace folder and a zip, run `digiface-augment`,
 * compare, export (re-read with Python's zipfile), reload keeps the workspace, cancel stops a queue, and a
 * worker crash mid-queue resumes without losing results. Screenshots of the main views are saved to
 * e2e-screenshots/ for review.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { makeDigifaceFolder, readZipWithPython, zipFolder } from './support/makeFaces';
import { StudioPage } from './pages/StudioPage';

mkdirSync('e2e-screenshots', { recursive: true });

async function openReady(page: Page) {
  const studio = new StudioPage(page);
  await studio.open();
  await expect(page.getByTestId('loaded-digiface-augment')).toBeVisible();
  await expect(page.getByTestId('face-count')).toHaveText('24 faces in the workspace'); // built-in samples
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

  await page.getByTestId('seed').fill('5');
  await page.getByTestId('preset-none').click();
  const file = test.info().outputPath('manifest.json');
  writeFileSync(file, JSON.stringify(manifest));
  await page.getByTestId('import-files').setInputFiles(file);
  await expect(page.getByTestId('seed')).toHaveValue('777');
  await expect(page.getByTestId('notice').filter({ hasText: 'Settings restored' })).toBeVisible();
});

test('cancel stops a running queue and a worker crash mid-queue resumes it @wasm-only', async ({ page }) => {
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
  await expect(queue).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await countStatus(page, 'done')).toBe(36);
  await expect(page.getByTestId('notice').filter({ hasText: 'resumed the queue' })).toBeVisible();
});
