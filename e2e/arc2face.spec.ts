/**
 * The Digi2Real pipeline on the `arc2face-tiny` test pack gives the same image for the same seed in Node
 * (onnxruntime-web's CPU backend in the test process, host scheduler maths) and in Chromium, on WASM and on
 * WebGPU (SwiftShader), where the denoise loop is device-resident (runtime/ortLatentOps.ts: GPU buffers on
 * WebGPU, CPU tensors on WASM, CFG + scheduler update as small ONNX graphs). Per scheduler family
 * (DPM-Solver++ 2M, Euler ancestral) the browser must read the latents back exactly once per image, plus
 * once per preview. Tolerance: at most 2 levels of 255 per channel, mean under 0.5 — float32 kernels differ
 * between backends in the last bits, and a few sampler steps amplify that only slightly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { decode } from 'fast-png';
import { enhanceOneArc2Face } from '../src/worker/enhance/enhanceArc2Face';
import { buildDivergenceWatchGraph } from '../src/worker/runtime/residentDivergenceGraph';
import { RUNNABLE_SCHEDULER_NAMES, type RunnableSchedulerName } from '../src/engine/schedulers';
import { validateManifest } from '../src/packs/manifest';
import { facePng } from './support/makeFaces';
import { StudioPage } from './pages/StudioPage';

const PACK = 'models/arc2face-tiny';
const CONTROLS = { steps: 4, guidance: 3, lambda: 0, img2img_strength: 0, slerp_t: 0 };
const SEED = 1234;
/** Tiny step counts: SwiftShader is 100–400× slower than WASM. DPM-Solver++ also asks for a preview every 2 steps. */
const CASES: { scheduler: RunnableSchedulerName; steps: number; previewEvery: number }[] = [
  { scheduler: 'DPMSolverMultistepScheduler', steps: 3, previewEvery: 2 },
  { scheduler: 'EulerAncestralDiscreteScheduler', steps: 2, previewEvery: 0 },
];

async function nodeReference(png: Uint8Array, controls: Record<string, number>) {
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
  return enhanceOneArc2Face(item, controls, { packId: 'arc2face-tiny', manifest, files, run, jobId: 'node' });
}

test('arc2face-tiny: same seed, same image in Node and in the browser', async ({ page }, info) => {
  // Two images and the pack's session creation on SwiftShader take minutes on a shared machine.
  test.setTimeout(600_000);
  const png = facePng(3, 1, 112);
  const studio = new StudioPage(page);
  await studio.open();
  await page.evaluate(() => (window as any).__studio.client.api.loadPack('load-a2f', { kind: 'builtin', id: 'arc2face-tiny' }));
  const device = info.project.name === 'webgpu-swiftshader' ? 'webgpu' : 'wasm';
  for (const c of CASES) {
    const controls = { ...CONTROLS, steps: c.steps, scheduler: RUNNABLE_SCHEDULER_NAMES.indexOf(c.scheduler), preview_every: c.previewEvery };
    const reference = await nodeReference(png, controls);
    expect(reference.denoiseOn).toBe('cpu');
    const browser = await page.evaluate(
      async ({ bytes, controls, seed }) => {
        const api = (window as any).__studio.client.api;
        const results: { png?: Blob; error?: string; readBacks?: number; denoiseOn?: string }[] = [];
        const previews: { done: number; width: number; height: number; bytes: number }[] = [];
        await api.enhanceBatch(
          `a2f-${controls.scheduler}`,
          'arc2face-tiny',
          [{ faceId: 'face-a', seed, source: new Blob([new Uint8Array(bytes)], { type: 'image/png' }) }],
          controls,
          (window as any).__studio.proxy((r: { png?: Blob; error?: string }) => results.push(r)),
          (window as any).__studio.proxy((p: { phase: string; done: number; preview?: { width: number; height: number; rgba: Uint8ClampedArray } }) => {
            if (p.phase === 'preview' && p.preview) previews.push({ done: p.done, width: p.preview.width, height: p.preview.height, bytes: p.preview.rgba.length });
          }),
        );
        if (results[0]?.error) throw new Error(results[0].error);
        return { png: Array.from(new Uint8Array(await results[0].png!.arrayBuffer())), readBacks: results[0].readBacks, denoiseOn: results[0].denoiseOn, previews };
      },
      { bytes: Array.from(png), controls, seed: SEED },
    );
    // The loop ran resident on the project's device and read the latents back once, plus once per preview.
    expect(browser.denoiseOn).toBe(device);
    const previewSteps = c.previewEvery > 0 ? Array.from({ length: Math.ceil(c.steps / c.previewEvery) - 1 }, (_, k) => (k + 1) * c.previewEvery) : [];
    expect(browser.previews.map((p) => p.done)).toEqual(previewSteps);
    for (const p of browser.previews) expect([p.width, p.height, p.bytes]).toEqual([reference.width / 8, reference.height / 8, (reference.width / 8) * (reference.height / 8) * 4]);
    expect(browser.readBacks).toBe(1 + previewSteps.length);
    const img = decode(Uint8Array.from(browser.png));
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
    console.log(`[${info.project.name}] arc2face-tiny ${reference.width}×${reference.height}, ${c.scheduler} ${c.steps} steps, seed ${SEED}: max |browser − Node| = ${max}, mean = ${(sum / n).toFixed(3)}, read-backs ${browser.readBacks} (${browser.denoiseOn})`);
    expect(max).toBeLessThanOrEqual(2);
    expect(sum / n).toBeLessThan(0.5);
  }
  const backend = await page.evaluate(() => (window as any).__studio.client.api.backendInfo());
  expect(backend.backend).toBe(device);
  expect(backend.notices).toEqual([]); // no silent fallback to WASM
});

test('arc2face-tiny: guidance 3e38 fails the job with the first bad step or the NaN image, as Node does on WASM', async ({ page }, info) => {
  test.setTimeout(300_000);
  // Guidance 3e38 (CFG u + g·(c − u)) leaves this pack's latents finite but huge on the CPU, and its VAE
  // decoder turns them into NaN. Node (host loop, per-step checks) is the reference on WASM.
  const png = facePng(3, 1, 112);
  const controls = { ...CONTROLS, steps: 3, guidance: 3e38, scheduler: RUNNABLE_SCHEDULER_NAMES.indexOf('DPMSolverMultistepScheduler') };
  const reference = await nodeReference(png, controls).then(() => 'no error', (e: Error) => e.message);
  expect(reference).toMatch(/^decoded image \(vaeDecoder output\) is non-finite \(\d+ NaN values\)/);
  const studio = new StudioPage(page);
  await studio.open();
  await page.evaluate(() => (window as any).__studio.client.api.loadPack('load-a2f', { kind: 'builtin', id: 'arc2face-tiny' }));
  const errors = await page.evaluate(
    async ({ bytes, controls }) => {
      const api = (window as any).__studio.client.api;
      const results: { error?: string }[] = [];
      await api.enhanceBatch('a2f-diverge', 'arc2face-tiny', [{ faceId: 'face-a', seed: 1234, source: new Blob([new Uint8Array(bytes)], { type: 'image/png' }) }],
        controls, (window as any).__studio.proxy((r: { error?: string }) => results.push(r)), (window as any).__studio.proxy(() => undefined));
      return results.map((r) => r.error ?? 'no error');
    },
    { bytes: Array.from(png), controls },
  );
  console.log(`[${info.project.name}] guidance 3e38 arc2face-tiny job: Node "${reference}"; browser "${errors[0]}"`);
  if (info.project.name === 'webgpu-swiftshader') {
    // SwiftShader's UNet overflows on those ~1e37 latents where the CPU kernels do not: NaN after step 1 of 3.
    // The resident loop reads nothing back per step; its record must name step 1, not the last step (2),
    // where the final read-back alone would have seen it.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^latents became non-finite \(\d+ NaN values\) after step 1 \(schedule index 1,/);
  } else {
    expect(errors).toEqual([reference]);
  }
});

test('divergence_watch graph on the device: first bad step, kind and count, the record kept on the device @webgpu', async ({ page }) => {
  // The resident loop's per-step record (runtime/residentDivergenceGraph.ts) run by onnxruntime-web's WebGPU EP
  // straight from node_modules: every node must be placed on WebGPU (no CPU fallback, which would sync each
  // step) and the NaN/Inf verdicts must survive the WGSL compiler.
  const dist = join('node_modules', 'onnxruntime-web', 'dist');
  await page.route('http://localhost:9/**', (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>divergence_watch</title>' });
    return route.fulfill({ contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', body: readFileSync(join(dist, name)) });
  });
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await page.goto('http://localhost:9/index.html');
  const model = Array.from(buildDivergenceWatchGraph());
  // A string, not a function: the test transpiler's name helpers do not exist in the page.
  const result = await page.evaluate(`(async (model) => {
    const ort = await import('http://localhost:9/ort.webgpu.min.mjs');
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = 'http://localhost:9/';
    const s = await ort.InferenceSession.create(new Uint8Array(model), { executionProviders: ['webgpu'], preferredOutputLocation: 'gpu-buffer', graphOptimizationLevel: 'all', logSeverityLevel: 0 });
    const N = 96, shape = [1, 4, 4, 6];
    const fin = Float32Array.from({ length: N }, (_, i) => Math.sin(i * 1.7) * 3);
    const at = (src, idx, v) => { const d = src.slice(); for (const j of idx) d[j] = v; return d; };
    const sc = (v) => new ort.Tensor('float32', Float32Array.of(v), []);
    const seq = [fin, at(fin, [0, 2], 3.4028234663852886e38), at(at(fin, [0, 9], Infinity), [40], -Infinity), new Float32Array(N).fill(NaN), fin, new Float32Array(N)];
    const records = [];
    for (const first of [0, 2, 3, 5]) {
      let rec = new ort.Tensor('float32', Float32Array.of(-1, 0, 0), [3]);
      for (let k = first; k < seq.length; k++) rec = (await s.run({ latents: new ort.Tensor('float32', seq[k], shape), record: rec, step: sc(k), count: sc(N) })).next_record;
      records.push([rec.location, ...Array.from(await rec.getData())]);
    }
    return records;
  })(${JSON.stringify(model)})`);
  // Starting at 0: first bad is step 2 (3 ±Inf); at 3: all NaN; at 5: all zero. FLT_MAX itself is finite.
  expect(result).toEqual([['gpu-buffer', 2, 2, 3], ['gpu-buffer', 2, 2, 3], ['gpu-buffer', 3, 1, 96], ['gpu-buffer', 5, 3, 96]]);
  expect(logs.some((l) => /All nodes placed on \[WebGpuExecutionProvider\]/.test(l)), logs.filter((l) => /placed|assigned/.test(l)).join('\n')).toBe(true);
});
