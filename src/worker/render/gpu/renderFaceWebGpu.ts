/// <reference types="@webgpu/types" />
/**
 * The renderer's WebGPU path: the engine's scene (same mesh, pose, projection and alignment as the CPU path)
 * drawn with a depth buffer into a supersampled rgba32float target, shaded per sample by the WGSL port of the
 * CPU shading, read back and box-filtered on the CPU with the CPU path's own code. Same seeds → same pixels on
 * one device; against the CPU path the difference is measured by e2e/renderer.spec.ts.
 */
import type { FaceScene } from '../../../engine/render/prepareFaceScene';
import { FACE_SHADING_WGSL } from './faceShadingWgsl';
import { packFaceScene, VERTEX_FLOATS } from './packFaceScene';
import { resolveGpuSamples } from './resolveGpuSamples';

const pipelines = new WeakMap<GPUDevice, Promise<GPURenderPipeline>>();

/** The pipeline, created once per device; the async form rejects with the shader compiler's message. */
function facePipeline(device: GPUDevice): Promise<GPURenderPipeline> {
  let p = pipelines.get(device);
  if (p) return p;
  p = createFacePipeline(device);
  p.catch(() => pipelines.delete(device));
  pipelines.set(device, p);
  return p;
}

async function createFacePipeline(device: GPUDevice): Promise<GPURenderPipeline> {
  const module = device.createShaderModule({ code: FACE_SHADING_WGSL });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`face shader: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  const f = 4;
  return device.createRenderPipelineAsync({
    layout: 'auto',
    vertex: {
      module,
      entryPoint: 'vs',
      buffers: [
        {
          arrayStride: VERTEX_FLOATS * f,
          attributes: [
            { shaderLocation: 0, offset: 0, format: 'float32x4' },
            { shaderLocation: 1, offset: 4 * f, format: 'float32x3' },
            { shaderLocation: 2, offset: 7 * f, format: 'float32x3' },
            { shaderLocation: 3, offset: 10 * f, format: 'float32x3' },
            { shaderLocation: 4, offset: 13 * f, format: 'float32' },
          ],
        },
      ],
    },
    fragment: { module, entryPoint: 'fs', targets: [{ format: 'rgba32float' }] },
    // The CPU rasteriser draws triangles counter-clockwise in y-up space, i.e. in clip space: front faces.
    primitive: { topology: 'triangle-list', cullMode: 'back', frontFace: 'ccw' },
    depthStencil: { format: 'depth32float', depthWriteEnabled: true, depthCompare: 'less' },
  });
}

function bufferWith(device: GPUDevice, data: Float32Array | Uint32Array, usage: number): GPUBuffer {
  const buffer = device.createBuffer({ size: Math.max(16, Math.ceil(data.byteLength / 4) * 4), usage, mappedAtCreation: true });
  const view = data instanceof Float32Array ? new Float32Array(buffer.getMappedRange()) : new Uint32Array(buffer.getMappedRange());
  view.set(data);
  buffer.unmap();
  return buffer;
}

/** Renders the scene on `device`; resolves to RGBA bytes (alpha 255) of scene.width × scene.height. */
export async function renderFaceWebGpu(device: GPUDevice, scene: FaceScene): Promise<Uint8ClampedArray> {
  const packed = packFaceScene(scene);
  const { sampleWidth: sw, sampleHeight: sh } = packed;
  // WebGPU reports invalid calls asynchronously and otherwise renders nothing; turn them into an error so the
  // caller falls back to the CPU path with the reason.
  const pipeline = await facePipeline(device);
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  const vertices = bufferWith(device, packed.vertices, GPUBufferUsage.VERTEX);
  const indices = bufferWith(device, packed.indices, GPUBufferUsage.INDEX);
  const uniforms = bufferWith(device, packed.uniforms, GPUBufferUsage.UNIFORM);
  const target = device.createTexture({ size: [sw, sh], format: 'rgba32float', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
  const depth = device.createTexture({ size: [sw, sh], format: 'depth32float', usage: GPUTextureUsage.RENDER_ATTACHMENT });
  // copyTextureToBuffer rows must be multiples of 256 bytes.
  const bytesPerRow = Math.ceil((sw * 16) / 256) * 256;
  const readback = device.createBuffer({ size: bytesPerRow * sh, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  try {
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: uniforms } }] });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginRenderPass({
      colorAttachments: [{ view: target.createView(), clearValue: { r: 0, g: 0, b: 0, a: 0 }, loadOp: 'clear', storeOp: 'store' }],
      depthStencilAttachment: { view: depth.createView(), depthClearValue: 1, depthLoadOp: 'clear', depthStoreOp: 'discard' },
    });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.setVertexBuffer(0, vertices);
    pass.setIndexBuffer(indices, 'uint32');
    pass.drawIndexed(packed.indices.length);
    pass.end();
    encoder.copyTextureToBuffer({ texture: target }, { buffer: readback, bytesPerRow }, [sw, sh]);
    device.queue.submit([encoder.finish()]);
    const [oom, invalid] = [await device.popErrorScope(), await device.popErrorScope()];
    const error = invalid ?? oom;
    if (error) throw new Error(`WebGPU: ${error.message}`);
    await readback.mapAsync(GPUMapMode.READ);
    const samples = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    return resolveGpuSamples(samples, bytesPerRow / 4, scene.width, scene.height, scene.supersample, scene.background);
  } finally {
    for (const b of [vertices, indices, uniforms, readback]) b.destroy();
    target.destroy();
    depth.destroy();
  }
}
