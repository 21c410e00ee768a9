/**
 * The built-in face renderer as a source: the live preview (rendered in the worker) follows seeds and
 * sliders and is byte-identical for the same settings; "generate 3 × 2" adds six faces in DigiFace layout;
 * a large batch can be cancelled. Saves e2e-screenshots/renderer-panel.png and renderer-grid.png.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { StudioPage } from './pages/StudioPage';

mkdirSync('e2e-screenshots', { recursive: true });

const preview = (page: Page) => page.getByTestId('render-preview');

async function openReady(page: Page) {
  await new StudioPage(page).open();
  await expect(page.getByTestId('face-count')).toHaveText('24 faces in the workspace'); // built-in samples
  await expect(page.getByTestId('renderer-panel')).toBeVisible();
  await expect(preview(page)).toHaveAttribute('data-state', 'ready');
}

/** SHA-256 of the PNG the preview shows, once it belongs to the current settings. */
async function previewHash(page: Page): Promise<string> {
  await expect(preview(page)).toHaveAttribute('data-state', 'ready');
  return page.evaluate(async () => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="render-preview"]')!;
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  });
}

interface FaceInfo {
  name: string;
  identity: string;
  index: number;
  width: number;
}

/** Faces from the store: the gallery is virtualised, so the DOM holds only the visible tiles. */
function faces(page: Page): Promise<FaceInfo[]> {
  return page.evaluate(() => {
    const s = (window as any).__studio.store.getState();
    return s.faceOrder.map((id: string) => ({ name: s.faces[id].name, identity: s.faces[id].identity, index: s.faces[id].index, width: s.faces[id].width }));
  });
}

test('the live preview follows seeds and sliders and is byte-identical for the same settings @wasm-only', async ({ page }) => {
  await openReady(page);

  await page.getByTestId('render-identity-seed').fill('7');
  const seven = await previewHash(page);
  await page.getByTestId('render-identity-seed').fill('8');
  const eight = await previewHash(page);
  expect(eight).not.toBe(seven);
  // Back to 7: rendered again in the worker (there is no preview cache), same bytes.
  await page.getByTestId('render-identity-seed').fill('7');
  expect(await previewHash(page)).toBe(seven);

  // A slider: yaw set by hand changes the image and is marked as hand-set; reset brings the seed's image back.
  await page.getByTestId('render-yaw').fill('20');
  await expect(page.getByTestId('render-yaw')).toHaveAttribute('data-hand-set', 'true');
  await expect(page.getByTestId('render-yaw-value')).toHaveText('20.0°');
  const turned = await previewHash(page);
  expect(turned).not.toBe(seven);
  await page.getByTestId('render-yaw-reset').click();
  expect(await previewHash(page)).toBe(seven);

  // Variation seed, expression, identity fields and light: each changes the image.
  const seen = new Set([seven, turned]);
  const change = async (what: () => Promise<unknown>) => {
    await what();
    const h = await previewHash(page);
    expect(seen.has(h)).toBe(false);
    seen.add(h);
  };
  await change(() => page.getByTestId('render-variation-seed').fill('12345'));
  await change(() => page.getByTestId('render-smile').fill('0.9'));
  await change(() => page.getByTestId('render-skinTone').fill('0.85'));
  await change(() => page.getByTestId('render-eyeColor').selectOption({ label: 'Blue' }));
  await change(() => page.getByTestId('render-noseWidth').fill('1.2'));
  await change(() => page.getByTestId('render-lightAzimuth').fill('60'));
  await change(() => page.getByTestId('render-background').fill('#a03c3c'));
  await page.getByTestId('renderer-panel').screenshot({ path: 'e2e-screenshots/renderer-panel.png' });

  // The worker API directly, twice, for the panel's current spec: the same bytes as the panel shows.
  const shown = await previewHash(page);
  const direct = await page.evaluate(async () => {
    const api = (window as any).__studio.client.api;
    const spec = {
      identitySeed: 7,
      identity: { skinTone: 0.85, eyeColor: 4, shape: { noseWidth: 1.2 } },
      variationSeed: 12345,
      variation: { smile: 0.9, lightAzimuth: 60, background: '#a03c3c' },
      size: 112,
    };
    const hash = async (b: Blob) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', await b.arrayBuffer())), (x) => x.toString(16).padStart(2, '0')).join('');
    const a = await api.renderPreview(spec);
    const b = await api.renderPreview(spec);
    return { a: await hash(a.png), b: await hash(b.png), width: a.width, big: (await api.renderPreview({ ...spec, size: 512 })).width };
  });
  expect(direct.a).toBe(direct.b);
  expect(direct.a).toBe(shown);
  expect(direct.width).toBe(112);
  expect(direct.big).toBe(512);

  // The 512 option in the panel.
  await page.getByTestId('render-size').selectOption('512');
  await expect(preview(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('render-preview-info')).toContainText('512×512');
});

test('generate 3 × 2 adds six faces in DigiFace layout; a large batch can be cancelled @wasm-only', async ({ page }) => {
  await openReady(page);
  const before = await faces(page);
  expect(before).toHaveLength(24);

  await page.getByTestId('render-identity-seed').fill('31');
  await page.getByTestId('render-identities').fill('3');
  await page.getByTestId('render-variations').fill('2');
  await page.getByTestId('render-generate').click();
  await expect(page.getByTestId('render-batch-result')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('render-batch-result')).toHaveText('Added 6 faces to the workspace.');
  await expect(page.getByTestId('face-count')).toHaveText('30 faces in the workspace');
  await expect(page.getByTestId('job').filter({ hasText: 'Render 3 × 2 faces' })).toHaveAttribute('data-status', 'done');

  const added = (await faces(page)).filter((f) => f.name.startsWith('rendered/'));
  // Samples are identities 0–5, so the batch continues at 6 instead of merging into them.
  expect(added.map((f) => f.name).sort()).toEqual(['rendered/6/0.png', 'rendered/6/1.png', 'rendered/7/0.png', 'rendered/7/1.png', 'rendered/8/0.png', 'rendered/8/1.png']);
  expect(added.map((f) => `${f.identity}/${f.index}`).sort()).toEqual(['6/0', '6/1', '7/0', '7/1', '8/0', '8/1']);
  expect(added.every((f) => f.width === 112)).toBe(true);

  // Cancel: 40 × 25 = 1000 images takes minutes; stop it once it has started.
  await page.getByTestId('render-identities').fill('40');
  await page.getByTestId('render-variations').fill('25');
  await page.getByTestId('render-generate').click();
  await expect(page.getByTestId('render-batch-progress')).toBeVisible();
  await expect.poll(async () => Number((await page.getByTestId('render-batch-progress').locator('.mono').textContent())?.split('/')[0] ?? 0)).toBeGreaterThan(2);
  await page.getByTestId('render-cancel').click();
  await expect(page.getByTestId('render-batch-result')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('job').filter({ hasText: 'Render 40 × 25 faces' })).toHaveAttribute('data-status', 'cancelled');
  expect(await faces(page)).toHaveLength(30);
  await expect(page.getByTestId('face-count')).toHaveText('30 faces in the workspace');

  // The worker is free again: the preview still answers, also after a worker restart.
  await page.getByTestId('render-identity-seed').fill('32');
  await expect(preview(page)).toHaveAttribute('data-state', 'ready');
  await page.evaluate(() => (window as any).__studio.client.restart('renderer e2e'));
  await page.getByTestId('render-identity-seed').fill('33');
  await expect(preview(page)).toHaveAttribute('data-state', 'ready');
});

test('a rendered set in the gallery (README screenshot) @wasm-only', async ({ page }) => {
  await openReady(page);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('clear-workspace').click();
  await expect(page.getByTestId('face-count')).toHaveText('0 faces in the workspace');
  await page.getByTestId('render-identity-seed').fill('2024');
  await page.getByTestId('render-identities').fill('4');
  await page.getByTestId('render-variations').fill('6');
  await page.getByTestId('render-generate').click();
  await expect(page.getByTestId('render-batch-result')).toHaveAttribute('data-status', 'done');
  const added = await faces(page);
  expect(added).toHaveLength(24);
  expect(new Set(added.map((f) => f.identity))).toEqual(new Set(['0', '1', '2', '3']));
  await expect(page.getByTestId('gallery-group-3')).toBeVisible();
  await page.getByTestId('gallery').screenshot({ path: 'e2e-screenshots/renderer-grid.png' });
});
