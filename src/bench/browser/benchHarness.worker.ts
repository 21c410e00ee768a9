/**
 * @file The bench's own worker (bundled by buildHarness.ts, never part of the app): runs the runtime
 * figures of runtimeFigures.ts with the browser build of onnxruntime-web, and describes the WebGPU adapter.
 */
import * as ort from 'onnxruntime-web';
import { generateOnce, measureRuntimeFigures, type RuntimeInputs, type RuntimeOptions } from '../runtimeFigures';
import { measureSessionCreation } from '../sessionCreationFigures';
import type { AdapterReport, HarnessRequest, HarnessMessage } from './harnessProtocol';

const post = (m: HarnessMessage) => (self as unknown as Worker).postMessage(m);

async function bytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

interface GpuAdapterLike {
  features: { has(name: string): boolean };
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function describeAdapter(): Promise<AdapterReport> {
  const gpu = (self.navigator as Navigator & { gpu?: { requestAdapter(o?: object): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return { available: false, reason: 'navigator.gpu is missing (WebGPU not exposed)' };
  const a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!a) return { available: false, reason: 'requestAdapter() returned null (no adapter)' };
  const fallback = Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter);
  const f16 = a.features.has('shader-f16');
  const name = [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  // SwiftShader is a CPU rasteriser: correct but 100–400× slower than WASM, never a performance figure.
  const reason = fallback ? `${name} is a software fallback adapter` : !f16 ? `${name} lacks shader-f16` : '';
  return { available: !reason, reason, name, isFallbackAdapter: fallback, shaderF16: f16 };
}

async function benchInputs(base: string, threads: number): Promise<RuntimeInputs> {
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  const unet = await bytes(`${base}unet.onnx`);
  const unetData = await bytes(`${base}unet.onnx_data`);
  return {
    unet: { model: unet, externalData: [{ path: 'unet.onnx_data', data: unetData }] },
    textEncoder: { model: await bytes(`${base}text_encoder.onnx`) },
    vaeDecoder: { model: await bytes(`${base}vae_decoder.onnx`) },
    matmul: { model: await bytes(`${base}matmul.onnx`) },
  };
}

async function runtime(base: string, opts: Omit<RuntimeOptions, 'onStep' | 'log'>, threads: number) {
  const inputs = await benchInputs(base, threads);
  // What the browser actually granted: without cross-origin isolation ORT silently runs on one thread.
  const environment = `crossOriginIsolated ${self.crossOriginIsolated}, SharedArrayBuffer ${typeof SharedArrayBuffer !== 'undefined'}, hardwareConcurrency ${navigator.hardwareConcurrency}, ort numThreads ${ort.env.wasm.numThreads}, simd ${ort.env.wasm.simd ?? 'default'}`;
  post({ type: 'log', line: `${opts.executionProvider}: ${environment}` });
  const figures = await measureRuntimeFigures(ort, inputs, {
    ...opts,
    onStep: (done, total) => post({ type: 'step', done, total }),
    log: (line) => post({ type: 'log', line }),
  });
  return { ...figures, environment };
}

async function handle(e: MessageEvent<HarnessRequest>): Promise<void> {
  const req = e.data;
  try {
    if (req.cmd === 'adapter') post({ type: 'result', id: req.id, value: await describeAdapter() });
    else if (req.cmd === 'generate') {
      const inputs = await benchInputs(req.base, req.threads);
      post({ type: 'result', id: req.id, value: await generateOnce(ort, inputs, { steps: req.steps, onStep: (done, total) => post({ type: 'step', done, total }) }) });
    } else if (req.cmd === 'create') post({ type: 'result', id: req.id, value: await measureSessionCreation(ort, await benchInputs(req.base, req.threads), req.rounds, 'wasm') });
    else post({ type: 'result', id: req.id, value: await runtime(req.base, req.options, req.threads) });
  } catch (err) {
    post({ type: 'error', id: req.id, message: (err as Error).stack ?? String(err) });
  }
}

// ORT's WASM threads re-load this module with self.name "em-pthread…"; taking over their onmessage would
// stop Emscripten's pthread start-up (and hang the first multi-threaded run).
if (!self.name?.startsWith('em-pthread')) self.onmessage = (e: MessageEvent<HarnessRequest>) => void handle(e);
