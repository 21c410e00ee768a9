import { describe, expect, it } from 'vitest';
import { decideBackend, wasmThreadCount } from './detectBackend';

const adapter = (f16: boolean) => ({
  features: { has: (n: string) => f16 && n === 'shader-f16' },
  limits: { maxBufferSize: 268435456 },
  info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
});

describe('decideBackend', () => {
  it('picks WebGPU when an adapter exists and reports shader-f16', async () => {
    const d = await decideBackend('auto', { gpu: { requestAdapter: async () => adapter(true) }, crossOriginIsolated: true, hardwareConcurrency: 8 });
    expect(d.backend).toBe('webgpu');
    expect(d.adapter?.shaderF16).toBe(true);
    expect(d.reason).toContain('google swiftshader');
    expect(d.reason).toContain('shader-f16');
  });

  it('falls back to WASM with the reason when no adapter is returned', async () => {
    const d = await decideBackend('auto', { gpu: { requestAdapter: async () => null }, crossOriginIsolated: true, hardwareConcurrency: 3 });
    expect(d.backend).toBe('wasm');
    expect(d.reason).toBe('WebGPU unavailable: no adapter → WASM, 2 threads');
  });

  it('explains a missing navigator.gpu and missing isolation', async () => {
    const d = await decideBackend('auto', { gpu: undefined, crossOriginIsolated: false, hardwareConcurrency: 2 });
    expect(d.backend).toBe('wasm');
    expect(d.wasmThreads).toBe(1);
    expect(d.reason).toMatch(/no navigator\.gpu → WASM, 1 thread \(no cross-origin isolation/);
  });

  it('honours a forced WASM preference without touching the GPU', async () => {
    let asked = false;
    const d = await decideBackend('wasm', { gpu: { requestAdapter: async () => { asked = true; return adapter(false); } }, crossOriginIsolated: true, hardwareConcurrency: 2 });
    expect(asked).toBe(false);
    expect(d.backend).toBe('wasm');
    expect(d.reason).toContain('WASM chosen in settings');
  });

  it('survives a throwing requestAdapter', async () => {
    const d = await decideBackend('webgpu', { gpu: { requestAdapter: async () => { throw new Error('boom'); } }, crossOriginIsolated: true, hardwareConcurrency: 2 });
    expect(d.backend).toBe('wasm');
    expect(d.reason).toContain('requestAdapter failed (boom)');
    expect(d.reason).toContain('WebGPU was requested in settings');
  });

  it('caps threads and needs isolation', () => {
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 16 })).toBe(4);
    // One core is left to the page.
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 4 })).toBe(3);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toBe(1);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 1 })).toBe(1);
    expect(wasmThreadCount({ crossOriginIsolated: false, hardwareConcurrency: 16 })).toBe(1);
  });
});
