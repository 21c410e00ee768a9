/**
 * Renders an ArcFace-aligned crop on the chosen render path: WebGPU when the setting is 'auto' and a device
 * is available, the engine's CPU rasteriser otherwise (or when a GPU render fails, with the reason). Both
 * paths draw the same alignment plan and scene.
 */
import { finishAlignedFace, planAlignedRender, type AlignedFace } from '../../engine/render/renderAlignedFace';
import { prepareFaceScene } from '../../engine/render/prepareFaceScene';
import { renderFace } from '../../engine/render/renderFace';
import type { IdentityParams } from '../../engine/render/identityParams';
import type { VariationParams } from '../../engine/render/variationParams';
import type { RenderPathInfo, RenderPathSetting } from '../protocol';
import { acquireRenderDevice } from './gpu/acquireRenderDevice';
import { renderFaceWebGpu } from './gpu/renderFaceWebGpu';

export async function renderAlignedOnPath(
  identity: IdentityParams,
  variation: VariationParams,
  size: number,
  setting: RenderPathSetting = 'auto',
): Promise<{ face: AlignedFace; path: RenderPathInfo }> {
  const plan = planAlignedRender(identity, variation, size);
  let why = 'CPU forced in the renderer settings';
  if (setting === 'auto') {
    const gpu = await acquireRenderDevice();
    if (gpu.ok) {
      try {
        const scene = prepareFaceScene(identity, plan.variation, plan.options);
        const rgba = await renderFaceWebGpu(gpu.device, scene);
        const face = finishAlignedFace({ rgba, width: scene.width, height: scene.height, landmarks5: scene.landmarks5 }, plan);
        return { face, path: { path: 'webgpu', detail: `adapter: ${gpu.adapter}` } };
      } catch (e) {
        why = `WebGPU render failed (${e instanceof Error ? e.message : String(e)}), CPU used`;
      }
    } else {
      why = `${gpu.reason} → CPU`;
    }
  }
  return { face: finishAlignedFace(renderFace(identity, plan.variation, plan.options), plan), path: { path: 'cpu', detail: why } };
}
