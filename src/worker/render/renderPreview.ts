/**
 * One face for the renderer panel's live preview: seeds + hand-set fields → an ArcFace-aligned PNG and the
 * parameters actually used, on the spec's render path. Deterministic: the same spec gives the same bytes on
 * every engine on the CPU path, and on one device on the WebGPU path.
 */
import { clampVariation } from '../../engine/render/clampVariation';
import { encodePng } from '../../io/encodePng';
import type { RenderPreviewResult, RenderSpec } from '../protocol';
import { checkRenderSize } from './checkRenderSize';
import { renderAlignedOnPath } from './renderAlignedOnPath';
import { identityFields, resolveIdentity, resolveVariation, variationFields } from './resolveRenderParams';

export async function renderPreview(spec: RenderSpec): Promise<RenderPreviewResult> {
  const t0 = performance.now();
  const size = checkRenderSize(spec.size);
  const identity = resolveIdentity(spec.identitySeed, spec.identity ?? {});
  const variation = resolveVariation(spec.variationSeed, spec.variation ?? {});
  const { face, path } = await renderAlignedOnPath(identity, variation, size, spec.renderPath);
  const png = new Blob([encodePng(face.rgba, face.width, face.height) as BlobPart], { type: 'image/png' });
  return {
    png,
    width: face.width,
    height: face.height,
    identity: identityFields(identity),
    // The engine clamps pose, expression and camera while drawing; report what was drawn, not what was asked.
    variation: variationFields(clampVariation(variation)),
    templateError: face.templateError,
    ms: performance.now() - t0,
    path,
  };
}
