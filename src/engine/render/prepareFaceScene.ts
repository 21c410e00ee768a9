/**
 * Everything both render paths (the CPU rasteriser here, the worker's WebGPU path) need for one face, so they
 * draw the same geometry with the same shading inputs: the mesh for identity + expression, posed and projected
 * to supersample coordinates, the albedo context, the light, the backdrop and the landmarks.
 */
import type { Landmarks5 } from './arcFaceTemplate';
import { buildFaceMesh, DEFAULT_MESH_DETAIL, type FaceMesh, type MeshDetail } from './buildFaceMesh';
import { clampVariation } from './clampVariation';
import { toLinear } from './colour';
import { createAlbedoContext, type AlbedoContext } from './faceAlbedo';
import { createFaceCamera, headToCamera, projectCameraPoint, rotateToCamera } from './faceCamera';
import { faceLayout } from './faceLayout';
import { applyAffine, IDENTITY_AFFINE, type Affine2 } from './fitSimilarity';
import type { IdentityParams } from './identityParams';
import { RenderParamError } from './RenderParamError';
import type { VariationParams } from './variationParams';

export interface RenderOptions {
  width: number;
  height: number;
  /** Samples per pixel along each axis (1–4, default 2 → 4 samples per pixel). */
  supersample?: number;
  /** 2-D similarity applied after projection, in output pixels (used to align to a template). */
  screenTransform?: Affine2;
  /** Mesh resolution; the default suits 112–512 px outputs. */
  meshDetail?: MeshDetail;
}

export const MAX_RENDER_SIZE = 4096;

/** The light in camera space, as the shading uses it. */
export interface SceneLight {
  /** Unit vector toward the light. */
  direction: [number, number, number];
  /** Linear colour × intensity. */
  color: readonly [number, number, number];
  ambient: number;
  /** The key light's scale, 1 − 0.8·ambient: a fully lit surface shows about its albedo, not more. */
  keyScale: number;
}

export interface FaceScene {
  width: number;
  height: number;
  supersample: number;
  mesh: FaceMesh;
  /** Camera-space position and unit normal per vertex (camera at the origin looking down −z). */
  camPos: Float64Array;
  camNrm: Float64Array;
  /** Vertex position in supersample coordinates (sample centres at integers, y down). */
  xy: Float64Array;
  /** 1 / camera depth per vertex. */
  invDepth: Float64Array;
  albedo: AlbedoContext;
  light: SceneLight;
  /** Backdrop colour, linear. */
  background: [number, number, number];
  /** Projected landmarks in output pixels (ArcFace order). */
  landmarks5: Landmarks5;
}

function validate(o: RenderOptions): number {
  for (const key of ['width', 'height'] as const) {
    const v = o[key];
    if (!Number.isInteger(v) || v < 1 || v > MAX_RENDER_SIZE) {
      throw new RenderParamError('render/invalid-size', `${key} must be an integer in 1..${MAX_RENDER_SIZE}, got ${v}`);
    }
  }
  const ss = o.supersample ?? 2;
  if (!Number.isInteger(ss) || ss < 1 || ss > 4) {
    throw new RenderParamError('render/invalid-supersample', `supersample must be 1, 2, 3 or 4, got ${ss}`);
  }
  return ss;
}

/** Builds and projects the scene. Deterministic (IEEE + − × ÷ and deterministicMath only). */
export function prepareFaceScene(identity: IdentityParams, variationIn: VariationParams, options: RenderOptions): FaceScene {
  const ss = validate(options);
  const variation = clampVariation(variationIn);
  const { width, height } = options;
  const M = options.screenTransform ?? IDENTITY_AFFINE;
  const L = faceLayout(identity, variation.expression);
  const mesh = buildFaceMesh(L, options.meshDetail ?? DEFAULT_MESH_DETAIL);
  const cam = createFaceCamera(variation, width, height);

  // Vertices to camera space and to sample coordinates: output pixel X ↦ (X + ½)·ss − ½, so the samples
  // of pixel i are centred on i.
  const vCount = mesh.positions.length / 3;
  const camPos = new Float64Array(3 * vCount);
  const camNrm = new Float64Array(3 * vCount);
  const xy = new Float64Array(2 * vCount);
  const invDepth = new Float64Array(vCount);
  const P = mesh.positions, N = mesh.normals;
  for (let v = 0; v < vCount; v++) {
    headToCamera(cam, P[3 * v], P[3 * v + 1], P[3 * v + 2], camPos, 3 * v);
    rotateToCamera(cam, N[3 * v], N[3 * v + 1], N[3 * v + 2], camNrm, 3 * v);
    const depth = -camPos[3 * v + 2];
    const ix = cam.cx + (cam.focal * camPos[3 * v]) / depth;
    const iy = cam.cy - (cam.focal * camPos[3 * v + 1]) / depth;
    xy[2 * v] = (M[0] * ix + M[1] * iy + M[2] + 0.5) * ss - 0.5;
    xy[2 * v + 1] = (M[3] * ix + M[4] * iy + M[5] + 0.5) * ss - 0.5;
    invDepth[v] = 1 / depth;
  }

  const l = variation.light;
  const camTmp = [0, 0, 0];
  const landmarks5 = mesh.landmarks.map((p) => {
    headToCamera(cam, p[0], p[1], p[2], camTmp);
    return applyAffine(M, projectCameraPoint(cam, camTmp[0], camTmp[1], camTmp[2]));
  }) as unknown as Landmarks5;
  return {
    width,
    height,
    supersample: ss,
    mesh,
    camPos,
    camNrm,
    xy,
    invDepth,
    albedo: createAlbedoContext(L, identity),
    light: { direction: normalize3(l.direction[0], l.direction[1], l.direction[2]), color: l.color, ambient: l.ambient, keyScale: 1 - 0.8 * l.ambient },
    background: toLinear(variation.background),
    landmarks5,
  };
}

/** Backdrop brightness on sample row `sy` of `sh`: a soft vertical gradient, lighter at the top, like a lit studio wall. */
export function backdropShade(sy: number, sh: number): number {
  return 1.1 - 0.2 * (sy / (sh - 1 || 1));
}

/**
 * Averages `ss`² linear samples per pixel (already summed into `acc`, 3 per pixel) and encodes with gamma 2:
 * RGBA bytes, alpha 255. Shared by both paths so they round the same way.
 */
export function encodeLinearSums(acc: Float64Array, width: number, height: number, ss: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(4 * width * height);
  const norm = 1 / (ss * ss);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) {
      const lin = acc[3 * p + c] * norm;
      rgba[4 * p + c] = Math.round(255 * Math.sqrt(lin < 0 ? 0 : lin > 1 ? 1 : lin));
    }
    rgba[4 * p + 3] = 255;
  }
  return rgba;
}

function normalize3(x: number, y: number, z: number): [number, number, number] {
  const len = Math.sqrt(x * x + y * y + z * z);
  return len > 0 ? [x / len, y / len, z / len] : [0, 0, 1];
}
