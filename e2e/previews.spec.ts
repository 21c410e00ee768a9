/**
 * Live previews during an Arc2Face queue (arc2face-tiny, WASM): with "Preview every 1 steps" set in the
 * controls, the job's row shows the latest latent preview of the face being denoised while the queue runs;
 * when it ends the preview goes and each face shows its final result. A MutationObserver installed before
 * the run records every preview the page showed, since a tiny pack's run is over in seconds.
 */
import { expect, test } from '@playwright/test';
import { StudioPage } from './pages/StudioPage';

const STEPS = 6;

test('Arc2Face queue shows live previews while it runs, then the final results @wasm-only', async ({ page }) => {
  test.setTimeout(420_000);
  const studio = new StudioPage(page);
  await studio.open();
  // The first visit renders sample faces in the worker; let that finish before loading the pack behind it.
  await expect(page.getByTestId('face-count')).toHaveText('24 faces in the workspace', { timeout: 150_000 });
  await page.getByTestId('load-arc2face-tiny').click();
  await expect(page.getByTestId('loaded-arc2face-tiny')).toBeVisible({ timeout: 150_000 });

  // The preview interval is set in the UI; it lands in the pack's saved controls like the sliders do.
  await page.getByTestId('control-preview_every').fill('1');
  await expect(page.getByTestId('control-preview_every')).toHaveValue('1');
  const faceIds: string[] = await page.evaluate((steps) => {
    const st = (window as any).__studio.store.getState();
    if (st.controlValues['arc2face-tiny']?.preview_every !== 1) throw new Error('preview_every did not reach the store');
    st.setControl('arc2face-tiny', 'steps', steps);
    st.select(st.faceOrder[0], 'single');
    st.select(st.faceOrder[1], 'toggle');
    return [st.faceOrder[0], st.faceOrder[1]];
  }, STEPS);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('digi2real-settings') ?? '{}'));
  expect(stored.state.controlValues['arc2face-tiny']).toMatchObject({ preview_every: 1, steps: STEPS });

  // Every preview shown: its step, face, and whether its canvas held an image (not one flat colour).
  await page.evaluate(() => {
    const seen: { step: number; face: string; drawn: boolean | null }[] = [];
    (window as any).__previewsSeen = seen;
    const record = (el: Element) => {
      const entry = { step: Number(el.getAttribute('data-step')), face: el.getAttribute('data-face') ?? '', drawn: null as boolean | null };
      seen.push(entry);
      // The canvas is drawn in an effect right after the element appears.
      requestAnimationFrame(() => {
        const c = el.querySelector('canvas');
        const ctx = c?.getContext('2d');
        if (!c || !ctx || !el.isConnected) return;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        entry.drawn = d.some((v, i) => i % 4 !== 3 && v !== d[0]);
      });
    };
    new MutationObserver((list) => {
      for (const m of list) {
        if (m.type === 'attributes' && (m.target as Element).matches?.('[data-testid="job-preview"]')) record(m.target as Element);
        for (const n of m.addedNodes) {
          if (!(n instanceof Element)) continue;
          if (n.matches('[data-testid="job-preview"]')) record(n);
          n.querySelectorAll('[data-testid="job-preview"]').forEach(record);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] });
  });

  await page.getByTestId('enhance-selected').click();
  const job = page.getByTestId('job').filter({ hasText: 'Enhance 2 faces' });
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 240_000 });

  const seen: { step: number; face: string; drawn: boolean | null }[] = await page.evaluate(() => (window as any).__previewsSeen);
  console.log(`previews: ${seen.length} shown: ${seen.map((s) => `${s.face}@${s.step}${s.drawn ? '' : '(?)'}`).join(', ')}`);
  expect(seen.length).toBeGreaterThan(0);
  for (const s of seen) {
    expect(faceIds).toContain(s.face);
    // Previews come after steps 1…STEPS−1; the last step's image is the result itself.
    expect(s.step).toBeGreaterThanOrEqual(1);
    expect(s.step).toBeLessThan(STEPS);
  }
  expect(seen.some((s) => s.drawn === true)).toBe(true);
  // Finished: no preview left, and each face shows its final result.
  await expect(page.getByTestId('job-preview')).toHaveCount(0);
  for (const id of faceIds) await expect(page.getByTestId(`face-result-${id}`)).toBeVisible();
  const results = await page.evaluate((ids) => {
    const st = (window as any).__studio.store.getState();
    return ids.map((id: string) => st.results[id]?.map((r: any) => ({ error: r.error, width: r.width, realismOffset: r.realismOffset })));
  }, faceIds);
  for (const r of results) expect(r).toEqual([{ error: undefined, width: 64, realismOffset: { lambda: 0, source: 'none' } }]);
});
