/**
 * The worker runtime in a real browser: backend choice and its reason, numerically correct output of a real
 * ONNX model on WASM and on WebGPU (SwiftShader), a responsive main thread while the worker computes,
 * prompt cancellation, and the WebGPU → WASM fallback with a visible notice.
 */
import { expect, test, type Page } from '@playwright/test';
import { StudioPage } from './pages/StudioPage';

const SIZE = 64;
const CHANNELS = 8;

/**
 * Independent reference: the self-test model's weights restated from its formula (documented in
 * src/engine/diagnostics/selfTestModel.ts) and a straightforward float64 convolution written here.
 */
function referenceForward(x: Float64Array): Float64Array {
  const layer = (index: number, cin: number, cout: number) => {
    const scale = 1 / Math.sqrt(cin * 9);
    const w = Float32Array.from({ length: cout * cin * 9 }, (_, i) => Math.sin(0.37 * i + 1.3 * index) * scale);
    const b = Float32Array.from({ length: cout }, (_, o) => 0.05 * Math.cos(0.7 * o + index));
    return { w, b, cin, cout };
  };
  const conv = (inp: Float64Array, l: ReturnType<typeof layer>) => {
    const out = new Float64Array(l.cout * SIZE * SIZE);
    for (let o = 0; o < l.cout; o++)
      for (let y = 0; y < SIZE; y++)
        for (let xx = 0; xx < SIZE; xx++) {
          let acc = l.b[o];
          for (let c = 0; c < l.cin; c++)
            for (let dy = -1; dy <= 1; dy++)
              for (let dx = -1; dx <= 1; dx++) {
                const sy = y + dy;
                const sx = xx + dx;
                if (sy >= 0 && sy < SIZE && sx >= 0 && sx < SIZE) acc += l.w[o * l.cin * 9 + c * 9 + (dy + 1) * 3 + (dx + 1)] * inp[c * SIZE * SIZE + sy * SIZE + sx];
              }
          out[o * SIZE * SIZE + y * SIZE + xx] = acc;
        }
    return out;
  };
  const relu = (a: Float64Array) => a.map((v) => Math.max(0, v));
  const h1 = relu(conv(x, layer(0, 3, CHANNELS)));
  const h2 = relu(conv(h1, layer(1, CHANNELS, CHANNELS)));
  return conv(h2, layer(2, CHANNELS, 3)).map((v) => 1 / (1 + Math.exp(-v)));
}

/** A random input, different from the app's own self-test input, made here. */
function makeInput(seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: 3 * SIZE * SIZE }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.fround((s / 2 ** 32) * 2 - 1);
  });
}

async function runInWorker(page: Page, input: number[]) {
  return page.evaluate(async (values) => {
    const studio = (window as any).__studio;
    const url = new URL('/models/self-test/model.onnx', location.origin).href;
    const r = await studio.client.api.runModel(url, { x: { dims: [1, 3, 64, 64], data: new Float32Array(values) } });
    return { backend: r.backend as string, y: Array.from(r.outputs.y.data as Float32Array), dims: r.outputs.y.dims as number[], notice: r.notice as string | undefined };
  }, input);
}

test('chooses the backend the browser offers and says why', async ({ page }, info) => {
  const studio = new StudioPage(page);
  await studio.open();
  if (info.project.name === 'webgpu-swiftshader') {
    await expect(studio.backendName()).toHaveText('WebGPU');
    await expect(studio.backendReason()).toContainText('swiftshader');
    await expect(studio.backendReason()).toContainText('no shader-f16');
  } else {
    await expect(studio.backendName()).toHaveText('WASM');
    await expect(studio.backendReason()).toHaveText(/^WebGPU unavailable: no adapter → WASM, \d+ threads?$/);
  }
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('a real ONNX model in the worker matches an independent reference', async ({ page }, info) => {
  const studio = new StudioPage(page);
  await studio.open();
  const input = makeInput(20261128);
  const r = await runInWorker(page, input);
  expect(r.backend).toBe(info.project.name === 'webgpu-swiftshader' ? 'webgpu' : 'wasm');
  expect(r.notice).toBeUndefined();
  expect(r.dims).toEqual([1, 3, SIZE, SIZE]);
  const ref = referenceForward(Float64Array.from(input));
  let maxErr = 0;
  for (let i = 0; i < ref.length; i++) maxErr = Math.max(maxErr, Math.abs(r.y[i] - ref[i]));
  console.log(`[${info.project.name}] max |worker - reference| = ${maxErr.toExponential(2)} over ${ref.length} values`);
  expect(maxErr).toBeLessThan(1e-5);
  // The output must not be trivial (e.g. all 0.5) for the comparison to mean anything.
  expect(Math.max(...r.y) - Math.min(...r.y)).toBeGreaterThan(0.05);
});

test('the main thread stays responsive while the worker computes', async ({ page }, info) => {
  const studio = new StudioPage(page);
  await studio.open();
  // Measure the worker's compute alone, after the studio's start-up work (samples, default pack) is done.
  await expect(page.getByTestId('face-count')).toHaveText('24 faces in the workspace');
  await expect(page.getByTestId('loaded-digiface-augment')).toBeVisible();
  await page.evaluate(() => {
    (window as any).__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const iterations = info.project.name === 'webgpu-swiftshader' ? 15 : 150;
  const r = await page.evaluate(async (n) => {
    const studio = (window as any).__studio;
    const url = new URL('/models/self-test/model.onnx', location.origin).href;
    const x = new Float32Array(3 * 64 * 64).fill(0.25);
    let frames = 0;
    let running = true;
    const tick = () => {
      frames++;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    await studio.client.api.repeatModel('resp-1', url, { x: { dims: [1, 3, 64, 64], data: x } }, n);
    running = false;
    return { ms: performance.now() - t0, frames };
  }, iterations);
  const longTasks: number[] = await page.evaluate(() => (window as any).__longTasks);
  console.log(`[${info.project.name}] ${iterations} runs in ${r.ms.toFixed(0)} ms, ${r.frames} frames, long tasks: ${JSON.stringify(longTasks.map(Math.round))}`);
  expect(r.ms).toBeGreaterThan(200); // the worker really was busy for a while
  expect(Math.max(0, ...longTasks)).toBeLessThan(200);
  expect(r.frames).toBeGreaterThan(2);
});

test('cancel stops a long job promptly and leaves the worker usable', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  const r = await page.evaluate(async () => {
    const studio = (window as any).__studio;
    const url = new URL('/models/self-test/model.onnx', location.origin).href;
    const x = new Float32Array(3 * 64 * 64).fill(0.5);
    const job = studio.client.api.repeatModel('cancel-1', url, { x: { dims: [1, 3, 64, 64], data: x } }, 100000);
    await new Promise((res) => setTimeout(res, 700));
    const tCancel = performance.now();
    await studio.client.api.cancel('cancel-1');
    let error = '';
    try {
      await job;
    } catch (e) {
      error = (e as Error).name;
    }
    const stopMs = performance.now() - tCancel;
    const after = await studio.client.api.runModel(url, { x: { dims: [1, 3, 64, 64], data: x } });
    return { error, stopMs, afterDims: after.outputs.y.dims };
  });
  expect(r.error).toBe('AbortError');
  expect(r.stopMs).toBeLessThan(5000);
  expect(r.afterDims).toEqual([1, 3, 64, 64]);
});

test('the self-test button reports progress and a correct result', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('job').first()).toHaveAttribute('data-status', 'done');
});

test('the backend setting forces WASM', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect(studio.backendName()).toHaveText('WASM');
  await expect(studio.backendReason()).toContainText('WASM chosen in settings');
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('selftest-result')).toContainText('WASM');
  // The choice persists across a reload.
  await page.reload();
  await expect(studio.backendReason()).toContainText('WASM chosen in settings');
});

test('a failing WebGPU run is retried on WASM with a visible notice @webgpu', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  await expect(studio.backendName()).toHaveText('WebGPU');
  await page.evaluate(() => (window as any).__studio.client.api.injectFault('webgpu-run', true));
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('selftest-result')).toContainText('WASM');
  await expect(page.getByTestId('notice').first()).toContainText('retried on WASM');
});

test('a WebGPU session that cannot be created falls back to WASM @webgpu', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open();
  const r = await page.evaluate(async () => {
    const api = (window as any).__studio.client.api;
    await api.injectFault('webgpu-create', true);
    const url = new URL('/models/self-test/model.onnx', location.origin).href;
    const out = await api.runModel(url, { x: { dims: [1, 3, 64, 64], data: new Float32Array(3 * 64 * 64).fill(0.1) } });
    const info = await api.backendInfo();
    return { backend: out.backend, notices: info.notices as string[] };
  });
  expect(r.backend).toBe('wasm');
  expect(r.notices.join('\n')).toContain('WebGPU could not load');
});
