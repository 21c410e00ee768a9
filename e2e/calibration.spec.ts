/**
 * Realism offset calibration in the studio with the arc2face-tiny pack: two folders of faces written by the
 * test, calibration run from the panel, Δ compared with a reference computed here in Node with
 * onnxruntime-web (own ArcFace preprocessing, own placeholder injection, float64 means); then the attached Δ
 * changes enhancement at λ = 1 and not at λ = 0, and the calibration file survives download → upload. An
 * exported image names the Δ it was made with, also after the calibration is removed.
 * Saves e2e-screenshots/calibration-panel.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { decode, encode } from 'fast-png';
import { decodeRealismCalibration } from '../src/engine/calibration/realismCalibrationFile';
import { facePng, readZipWithPython } from './support/makeFaces';
import { StudioPage } from './pages/StudioPage';

const PACK = 'models/arc2face-tiny';
mkdirSync('e2e-screenshots', { recursive: true });

/** `<tmp>/<name>/` with 112×112 faces of the given identities, plus extra files. */
function folder(name: string, identities: number[], extra: Record<string, Uint8Array> = {}): { dir: string; faces: Uint8Array[] } {
  const dir = join(mkdtempSync(join(tmpdir(), 'calibration-')), name);
  mkdirSync(dir, { recursive: true });
  const faces = identities.map((id, i) => {
    const png = facePng(id, i % 3, 112);
    writeFileSync(join(dir, `${i}.png`), png);
    return png;
  });
  for (const [f, bytes] of Object.entries(extra)) writeFileSync(join(dir, f), bytes);
  return { dir, faces };
}

/** A grey 160×120 image: not an aligned crop, and the face stack finds no face in it. */
function faceless(): Uint8Array {
  return encode({ width: 160, height: 120, data: new Uint8Array(160 * 120 * 4).fill(128), channels: 4, depth: 8 });
}

/** Independent Node reference of Δ in encoder-output space. */
async function referenceDelta(real: Uint8Array[], synth: Uint8Array[]): Promise<Float64Array> {
  ort.env.wasm.numThreads = 1;
  const manifest = JSON.parse(readFileSync(join(PACK, 'manifest.json'), 'utf8'));
  const arcface = await ort.InferenceSession.create(readFileSync(join(PACK, manifest.components.arcface.file)));
  const encoder = await ort.InferenceSession.create(readFileSync(join(PACK, manifest.components.textEncoder.file)));
  const raw = readFileSync(join(PACK, manifest.constants.promptTokenEmbeddings.file));
  const tokens = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const hidden = tokens.length / 77;
  const sample = async (png: Uint8Array) => {
    const img = decode(png);
    const ch = img.channels;
    const x = new Float32Array(3 * 112 * 112);
    for (let i = 0; i < 112 * 112; i++) for (let c = 0; c < 3; c++) x[c * 112 * 112 + i] = (Number(img.data[i * ch + c]) - 127.5) / 127.5;
    const e = (await arcface.run({ input: new ort.Tensor('float32', x, [1, 3, 112, 112]) })).embedding.data as Float32Array;
    const n = Math.hypot(...e);
    const embeds = tokens.slice();
    for (let k = 0; k < hidden; k++) embeds[4 * hidden + k] = k < e.length ? e[k] / n : 0;
    return (await encoder.run({ inputs_embeds: new ort.Tensor('float32', embeds, [1, 77, hidden]) })).last_hidden_state.data as Float32Array;
  };
  const mean = async (set: Uint8Array[]) => {
    const m = new Float64Array(77 * hidden);
    for (const png of set) (await sample(png)).forEach((v, i) => (m[i] += v / set.length));
    return m;
  };
  const r = await mean(real);
  const s = await mean(synth);
  return r.map((v, i) => v - s[i]);
}

/** Enhances one face in the page's worker with the given λ and returns its PNG bytes. */
async function enhance(page: Page, png: Uint8Array, lambda: number): Promise<number[]> {
  return page.evaluate(
    async ({ bytes, lambda }) => {
      const api = (window as any).__studio.client.api;
      const results: { png?: Blob; error?: string }[] = [];
      await api.enhanceBatch(
        `cal-enhance-${lambda}-${Math.random()}`,
        'arc2face-tiny',
        [{ faceId: 'probe', seed: 77, source: new Blob([new Uint8Array(bytes)], { type: 'image/png' }) }],
        { steps: 3, guidance: 3, lambda },
        (window as any).__studio.proxy((r: { png?: Blob; error?: string }) => results.push(r)),
      );
      if (results[0]?.error) throw new Error(results[0].error);
      return Array.from(new Uint8Array(await results[0].png!.arrayBuffer()));
    },
    { bytes: Array.from(png), lambda },
  );
}

const pixels = (png: number[]) => decode(Uint8Array.from(png)).data;
const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(Number(a[i]) - Number(b[i]));
  return s / a.length;
};

test('realism calibration: Δ matches Node, attaches to the pack, drives λ, survives download and upload @wasm-only', async ({ page }) => {
  test.setTimeout(540_000);
  const real = folder('real', [0, 1, 2, 3], { 'notes.txt': new TextEncoder().encode('not an image'), 'group.png': faceless() });
  const synth = folder('synthetic', [5, 6, 7]);
  const reference = await referenceDelta(real.faces, synth.faces);

  const studio = new StudioPage(page);
  await studio.open();
  // The first visit renders sample faces in the worker; let that finish before loading the pack behind it.
  await expect(page.getByTestId('face-count')).toHaveText('24 faces in the workspace', { timeout: 150_000 });
  await expect(page.getByTestId('calibration-panel')).toHaveCount(0); // only for Arc2Face-type packs
  await page.getByTestId('load-arc2face-tiny').click();
  await expect(page.getByTestId('loaded-arc2face-tiny')).toBeVisible({ timeout: 150_000 });
  const panel = page.getByTestId('calibration-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('attached-offset')).toHaveAttribute('data-source', 'none');

  await panel.getByTestId('calibration-real').setInputFiles(real.dir);
  await panel.getByTestId('calibration-synthetic').setInputFiles(synth.dir);
  await expect(panel.getByTestId('calibration-real-count')).toHaveText('6 files');
  await expect(panel.getByTestId('calibration-synthetic-count')).toHaveText('3 files');
  await panel.getByTestId('calibration-space-encoder-output').check();
  await panel.getByTestId('calibration-run').click();
  await expect(panel.getByTestId('calibration-result')).toBeVisible({ timeout: 180_000 });
  await expect(panel.getByTestId('calibration-summary-counts')).toHaveText('4 real − 3 synthetic');
  const skipped = panel.getByTestId('calibration-skipped');
  await expect(skipped).toContainText('2 files skipped');
  await skipped.locator('summary').click();
  await expect(skipped).toContainText('real/group.png');
  await expect(skipped).toContainText('real/notes.txt');

  // Δ from the browser against the Node reference.
  const fileBytes = Uint8Array.from(await page.evaluate(() => Array.from((window as any).__studio.store.getState().calibrationResult.file as Uint8Array)));
  const cal = decodeRealismCalibration(fileBytes);
  expect(cal.header).toMatchObject({ space: 'encoder-output', shape: [77, 32], counts: { real: 4, synthetic: 3 }, skipped: { real: 2, synthetic: 0 } });
  let maxErr = 0;
  let refNorm = 0;
  reference.forEach((v, i) => {
    maxErr = Math.max(maxErr, Math.abs(v - cal.delta[i]));
    refNorm += v * v;
  });
  console.log(`calibration: ‖Δ‖ browser ${cal.header.deltaNorm.toPrecision(6)}, Node ${Math.sqrt(refNorm).toPrecision(6)}; max |browser − Node| = ${maxErr.toExponential(2)}`);
  expect(Math.sqrt(refNorm)).toBeGreaterThan(1e-3);
  expect(maxErr).toBeLessThan(1e-4);

  // Before attaching, λ changes nothing (no Δ); attached, λ = 1 changes the image and λ = 0 does not.
  const probe = facePng(9, 1, 112);
  const plain = await enhance(page, probe, 1);
  await panel.getByTestId('calibration-attach').click();
  await expect(panel.getByTestId('attached-offset')).toHaveAttribute('data-source', 'attached');
  await expect(panel.getByTestId('calibration-attached-note')).toBeVisible();
  await expect(panel.getByTestId('attached-summary-norm')).toHaveText(cal.header.deltaNorm.toPrecision(4));
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'e2e-screenshots/calibration-panel.png' });
  const lambda0 = await enhance(page, probe, 0);
  const lambda1 = await enhance(page, probe, 1);
  expect(pixels(lambda0)).toEqual(pixels(plain));
  const moved = meanAbsDiff(pixels(lambda1), pixels(plain));
  console.log(`calibration: mean |λ=1 − λ=0| = ${moved.toFixed(3)} levels`);
  expect(moved).toBeGreaterThan(0.05);

  // Download, remove, upload: the same Δ comes back; a file for another pack is refused with its reason.
  const download = page.waitForEvent('download');
  await panel.getByTestId('calibration-download-attached').click();
  // Saved outside test-results: parallel local runs share that folder and may empty it.
  const saved = join(mkdtempSync(join(tmpdir(), 'calibration-download-')), 'attached.d2rdelta');
  await (await download).saveAs(saved);
  expect(readFileSync(saved)).toEqual(Buffer.from(fileBytes));
  await panel.getByTestId('calibration-remove').click();
  await expect(panel.getByTestId('attached-offset')).toHaveAttribute('data-source', 'none');
  expect(pixels(await enhance(page, probe, 1))).toEqual(pixels(plain));
  await panel.getByTestId('calibration-upload').setInputFiles(saved);
  await expect(panel.getByTestId('attached-offset')).toHaveAttribute('data-source', 'attached');
  expect(pixels(await enhance(page, probe, 1))).toEqual(pixels(lambda1));
  const foreign = fileBytes.slice();
  const text = new TextDecoder().decode(foreign);
  foreign.set(new TextEncoder().encode('"id":"arc2face-tinx"'), text.indexOf('"id":"arc2face-tiny"'));
  await panel.getByTestId('calibration-upload').setInputFiles({ name: 'foreign.d2rdelta', mimeType: 'application/octet-stream', buffer: Buffer.from(foreign) });
  await expect(page.getByTestId('notice').filter({ hasText: 'made for pack "arc2face-tinx", not for the active pack "arc2face-tiny"' })).toBeVisible();
  await expect(panel.getByTestId('attached-offset')).toHaveAttribute('data-source', 'attached');

  // One face enhanced through the queue and exported: the manifest names the Δ it used.
  await page.evaluate(() => {
    const st = (window as any).__studio.store.getState();
    st.setControls('arc2face-tiny', { steps: 2, lambda: 1 });
    st.select(st.faceOrder[0], 'single');
  });
  await page.getByTestId('enhance-selected').click();
  await expect(page.getByTestId('job').filter({ hasText: 'Enhance 1 face' })).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const exported = page.waitForEvent('download');
  await page.getByTestId('export-zip').click();
  const zipPath = join(mkdtempSync(join(tmpdir(), 'calibration-export-')), 'export.zip');
  await (await exported).saveAs(zipPath);
  const manifest = readZipWithPython(zipPath).manifest;
  expect(manifest.realismOffsets['arc2face-tiny']).toMatchObject({ source: 'attached', space: 'encoder-output', shape: [77, 32], deltaSha256: cal.header.deltaSha256, calibration: { counts: { real: 4, synthetic: 3 } } });
  expect(manifest.images[0].params.lambda).toBe(1);
  // Each image records the Δ it was made with.
  const usedOffset = { lambda: 1, source: 'attached', deltaSha256: cal.header.deltaSha256, space: 'encoder-output' };
  expect(manifest.images[0].realismOffset).toEqual(usedOffset);

  // Removed afterwards: the pack has no Δ at the next export, but the image still names the one that made it.
  await panel.getByTestId('calibration-remove').click();
  await expect(panel.getByTestId('attached-offset')).toHaveAttribute('data-source', 'none');
  const again = page.waitForEvent('download');
  await page.getByTestId('export-zip').click();
  const againPath = join(mkdtempSync(join(tmpdir(), 'calibration-export-')), 'export.zip');
  await (await again).saveAs(againPath);
  const later = readZipWithPython(againPath).manifest;
  expect(later.realismOffsets['arc2face-tiny']).toBeNull();
  expect(later.images[0].realismOffset).toEqual(usedOffset);
});
