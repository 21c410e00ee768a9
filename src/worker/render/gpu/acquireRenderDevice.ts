/// <reference types="@webgpu/types" />
/**
 * The renderer's own WebGPU device, requested once per worker and kept (a lost device is requested again on
 * next use). Separate from onnxruntime-web's device so neither can destroy the other's resources.
 */

export type RenderDevice = { ok: true; device: GPUDevice; adapter: string } | { ok: false; reason: string };

let pending: Promise<RenderDevice> | undefined;

async function request(): Promise<RenderDevice> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: 'WebGPU unavailable: no navigator.gpu' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { ok: false, reason: 'WebGPU unavailable: no adapter' };
  const device = await adapter.requestDevice();
  void device.lost.then(() => {
    pending = undefined;
  });
  // GPUAdapterInfo is a property in current browsers; its fields may be empty strings.
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ');
  return { ok: true, device, adapter: name || 'unnamed adapter' };
}

export function acquireRenderDevice(): Promise<RenderDevice> {
  pending ??= request().catch((e: unknown) => {
    pending = undefined;
    return { ok: false as const, reason: `WebGPU unavailable: ${e instanceof Error ? e.message : String(e)}` };
  });
  return pending;
}
