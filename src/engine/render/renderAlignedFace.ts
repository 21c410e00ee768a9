/**
 * Renders a face already aligned to the ArcFace 5-point template, as DigiFace ships its 112×112 crops.
 *
 * How: project the 5 landmarks with the pose's camera, fit the least-squares similarity onto the template
 * (scaled by size/112), and render with that similarity folded into the projection. Folding it in is the
 * same picture as rendering large and warping, but without a resampling blur and at crop cost.
 */
import { arcFaceTemplate, type Landmarks5, type Point2 } from './arcFaceTemplate';
import { buildFaceMesh, DEFAULT_MESH_DETAIL } from './buildFaceMesh';
import { clampVariation } from './clampVariation';
import { createFaceCamera, headToCamera, projectCameraPoint } from './faceCamera';
import { faceLayout } from './faceLayout';
import { fitSimilarity, type Affine2 } from './fitSimilarity';
import type { IdentityParams } from './identityParams';
import { renderFace, type RenderedFace, type RenderOptions } from './renderFace';
import { RenderParamError } from './RenderParamError';
import type { VariationParams } from './variationParams';

export interface AlignedFace extends RenderedFace {
  /** The similarity (output pixels of the plain render → crop pixels) that was applied. */
  transform: Affine2;
  /** Mean distance in crop pixels between the rendered landmarks and the template. */
  templateError: number;
}

/** Where the 5 landmarks project in a plain size×size render (before alignment). */
function projectedLandmarks(identity: IdentityParams, variation: VariationParams, size: number): Point2[] {
  const L = faceLayout(identity, variation.expression);
  // Landmarks do not depend on mesh resolution; the smallest mesh keeps this step cheap.
  const mesh = buildFaceMesh(L, { ...DEFAULT_MESH_DETAIL, frontColumns: 4, backColumns: 4, rings: 4, eyeSegments: 4 });
  const cam = createFaceCamera(variation, size, size);
  const c = [0, 0, 0];
  return mesh.landmarks.map((p) => {
    headToCamera(cam, p[0], p[1], p[2], c);
    return projectCameraPoint(cam, c[0], c[1], c[2]);
  });
}

/**
 * Renders identity + variation as a size×size crop whose landmarks sit on the ArcFace template scaled by
 * size/112 (112 → DigiFace-style crops, 512 → Arc2Face resolution).
 */
export function renderAlignedFace(identity: IdentityParams, variationIn: VariationParams, size = 112, supersample = 2): AlignedFace {
  const plan = planAlignedRender(identity, variationIn, size, supersample);
  return finishAlignedFace(renderFace(identity, plan.variation, plan.options), plan);
}

/** What an aligned render draws: the clamped variation, render options with the alignment folded in, and the template. */
export interface AlignedRenderPlan {
  variation: VariationParams;
  options: RenderOptions & { screenTransform: Affine2 };
  template: Landmarks5;
}

/** The alignment step alone, so another render path (the worker's WebGPU one) draws exactly the same crop. */
export function planAlignedRender(identity: IdentityParams, variationIn: VariationParams, size = 112, supersample = 2): AlignedRenderPlan {
  if (!Number.isInteger(size) || size < 16 || size > 2048) {
    throw new RenderParamError('render/invalid-size', `aligned size must be an integer in 16..2048 (e.g. 112 or 512), got ${size}`);
  }
  const variation = clampVariation(variationIn);
  const template = arcFaceTemplate(size);
  const screenTransform = fitSimilarity(projectedLandmarks(identity, variation, size), template);
  return { variation, template, options: { width: size, height: size, supersample, screenTransform } };
}

/** Adds the alignment's transform and the landmarks' distance from the template to a rendered crop. */
export function finishAlignedFace(face: RenderedFace, plan: AlignedRenderPlan): AlignedFace {
  return { ...face, transform: plan.options.screenTransform, templateError: meanDistance(face.landmarks5, plan.template) };
}

export function meanDistance(a: Landmarks5, b: Landmarks5): number {
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Math.hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]);
  return sum / 5;
}
