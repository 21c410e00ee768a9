/**
 * The Digi2Real pipeline on the `arc2face-tiny` test pack gives the same image for the same seed in Node
 * (onnxruntime-web's CPU backend in the test process, same engine code) and in Chromium, on WASM and on
 * WebGPU (SwiftShader). Tolerance: at most 2 levels of 255 per channel, mean under 0.5 — float32 kernels
 * differ between backends in the last bits, and a few sampler steps amplify that only slightly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { decode } from 'fast-png';
import { enhanceOneArc2Face } from '../src/worker/enhance/enhanceArc2Face';
import { validateManifest } from '../src/packs/manifest';
import { facePng } from './support/makeFaces';
import { StudioPage } from './pages/StudioPage';

const PACK = 'models/arc2face-tiny';
const CONTROLS = { steps: 4, guidance: 3, lambda: 0, img2img_strength: 0, slerp_t: 0 };
const SEED = 1234;

async function nodeReference(png: Uint8Array) {
  ort.env.wasm.numThreads = 1;
  const manifest = validateManifest(JSON.parse(readFileSync(join(PACK, 'manifest.json'), 'utf8')), 'arc2face-tiny');
  const files = new Map<string, Blob>();
  for (const f of readFileSync(join(PACK, 'manifest.json'), 'utf8').match(/"file": "([^"]+)"/g)!.map((m) => m.slice(9, -1))) {
    files.set(f, new Blob([readFileSync(join(PACK, f))]));
  }
  const sessions = new Map<string, ort.InferenceSession>();
  const run = async (component: string, feeds: Record<string, { dims: number[]; data: Float32Array }>) => {
    let s = sessions.get(component);
    if (!s) {
      s = await ort.InferenceSession.create(readFileSync(join(PACK, manifest.components[component].file)));
      sessions.set(component, s);
    }
    const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)])));
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { dims: [...t.dims], data: t.data as Float32Array }]));
  };
  const item = { faceId: 'face-a', seed: SEED, source: new Blob([png as BlobPart], { type: 'image/png' }) };
  return enhanceOneArc2Face(item, CONTROLS, { packId: 'arc2face-tiny', manifest, files, run, jobId: 'node' });
}

test('arc2face-tiny: same seed, same image in Node and in the browser', async ({ page }, info) => {
  const png = facePng(3, 1, 112);
  const reference = await nodeReference(png);
  const studio = new StudioPage(page);
  await studio.open();
  const browserPng = await page.evaluate(
    async ({ bytes, controls, seed }) => {
      const api = (window as any).__studio.client.api;
      await api.loadPack('load-a2f', { kind: 'builtin', id: 'arc2face-tiny' });
      const results: { png?: Blob; error?: string }[] = [];
      await api.enhanceBatch(
        'a2f-1',
        'arc2face-tiny',
        [{ faceId: 'face-a', seed, source: new Blob([new Uint8Array(bytes)], { type: 'image/png' }) }],
        controls,
        (window as any).__studio.proxy((r: { png?: Blob; error?: string }) => results.push(r)),
      );
      if (results[0]?.error) throw new Error(results[0].error);
      return Array.from(new Uint8Array(await results[0].png!.arrayBuffer()));
    },
    { bytes: Array.from(png), controls: CONTROLS, seed: SEED },
  );
  const backend = await page.evaluate(() => (window as any).__studio.client.api.backendInfo());
  expect(backend.backend).toBe(info.project.name === 'webgpu-swiftshader' ? 'webgpu' : 'wasm');
  expect(backend.notices).toEqual([]); // no silent fallback to WASM
  const img = decode(Uint8Array.from(browserPng));
  expect([img.width, img.height]).toEqual([reference.width, reference.height]);
  let max = 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < reference.rgba.length; i++) {
    if (i % 4 === 3) continue;
    const d = Math.abs(reference.rgba[i] - img.data[i]);
    max = Math.max(max, d);
    sum += d;
    n++;
  }
  console.log(`[${info.project.name}] arc2face-tiny ${reference.width}×${reference.height}, seed ${SEED}: max |browser − Node| = ${max}, mean = ${(sum / n).toFixed(3)}`);
  expect(max).toBeLessThanOrEqual(2);
  expect(sum / n).toBeLessThan(0.5);
});
