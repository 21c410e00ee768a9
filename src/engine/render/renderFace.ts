/**
 * Renders one synthetic face: builds the mesh for identity + expression, poses it, rasterises with a
 * z-buffer at `supersample`² samples per pixel, shades every visible sample (Lambert + Blinn–Phong specular
 * + ambient, in linear light), box-filters down and encodes with gamma 2.
 *
 * Determinism: only IEEE-754 + − × ÷, Math.sqrt/floor/round/min/max/abs and the deterministicMath functions
 * are used, so equal inputs give identical bytes in Node and every browser (see deterministicMath.ts).
 */
import type { Landmarks5 } from './arcFaceTemplate';
import { buildFaceMesh, DEFAULT_MESH_DETAIL, MATERIAL, type MeshDetail } from './buildFaceMesh';
import { toLinear } from './colour';
import { createFaceCamera, headToCamera, projectCameraPoint, rotateToCamera } from './faceCamera';
import { createAlbedoContext, earAlbedo, eyeAlbedo, headAlbedo, neckAlbedo, type SurfaceSample } from './faceAlbedo';
import { faceLayout } from './faceLayout';
import { applyAffine, IDENTITY_AFFINE, type Affine2 } from './fitSimilarity';
import type { IdentityParams } from './identityParams';
import { rasterizeTriangles } from './rasterizeTriangles';
import { RenderParamError } from './RenderParamError';
import { clampVariation } from './clampVariation';
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

export interface RenderedFace {
  /** width·height·4 bytes, RGBA, alpha always 255. */
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** Projected landmarks in output pixels (ArcFace order: eye image-left, eye image-right, nose, mouth left, mouth right). */
  landmarks5: Landmarks5;
}

export const MAX_RENDER_SIZE = 4096;

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

/** Blinn–Phong lobe: c^(2^k) by k squarings (exact, unlike Math.pow). */
function powTwo(c: number, k: number): number {
  for (let i = 0; i < k; i++) c *= c;
  return c;
}

export function renderFace(identity: IdentityParams, variationIn: VariationParams, options: RenderOptions): RenderedFace {
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
  const sw = width * ss, sh = height * ss;
  const vb = rasterizeTriangles({ xy, invDepth }, mesh.indices, sw, sh);

  // Shading, accumulated per output pixel in linear light.
  const ctx = createAlbedoContext(L, identity);
  const light = variation.light;
  const [lx, ly, lz] = normalize3(light.direction[0], light.direction[1], light.direction[2]);
  const lc = light.color;
  const amb = light.ambient;
  const keyScale = 1 - 0.8 * amb;
  const bg = toLinear(variation.background);
  const acc = new Float64Array(3 * width * height);
  const s: SurfaceSample = { r: 0, g: 0, b: 0, ks: 0, shininessLog2: 4 };
  const S = mesh.surface;
  for (let sy = 0; sy < sh; sy++) {
    const py = (sy / ss) | 0;
    // Backdrop: a soft vertical gradient, lighter at the top, like a lit studio wall.
    const bgShade = 1.1 - 0.2 * (sy / (sh - 1 || 1));
    for (let sx = 0; sx < sw; sx++) {
      const i = sy * sw + sx;
      const o = 3 * (py * width + ((sx / ss) | 0));
      const t = vb.triangle[i];
      if (t < 0) {
        acc[o] += bg[0] * bgShade;
        acc[o + 1] += bg[1] * bgShade;
        acc[o + 2] += bg[2] * bgShade;
        continue;
      }
      const i0 = mesh.indices[3 * t], i1 = mesh.indices[3 * t + 1], i2 = mesh.indices[3 * t + 2];
      const w1 = vb.b1[i], w2 = vb.b2[i], w0 = 1 - w1 - w2;
      const a0 = 3 * i0, a1 = 3 * i1, a2 = 3 * i2;
      let nx = w0 * camNrm[a0] + w1 * camNrm[a1] + w2 * camNrm[a2];
      let ny = w0 * camNrm[a0 + 1] + w1 * camNrm[a1 + 1] + w2 * camNrm[a2 + 1];
      let nz = w0 * camNrm[a0 + 2] + w1 * camNrm[a1 + 2] + w2 * camNrm[a2 + 2];
      const nl = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
      nx /= nl;
      ny /= nl;
      nz /= nl;
      const f0 = w0 * S[a0] + w1 * S[a1] + w2 * S[a2];
      const f1 = w0 * S[a0 + 1] + w1 * S[a1 + 1] + w2 * S[a2 + 1];
      const f2 = w0 * S[a0 + 2] + w1 * S[a1 + 2] + w2 * S[a2 + 2];
      const material = mesh.materials[t];
      if (material === MATERIAL.head) headAlbedo(ctx, f0, f1, f2, s);
      else if (material === MATERIAL.eye) {
        const fl = Math.sqrt(f0 * f0 + f1 * f1 + f2 * f2) || 1;
        eyeAlbedo(ctx, f0 / fl, f1 / fl, f2 / fl, s);
      } else if (material === MATERIAL.ear) earAlbedo(ctx, f0, s);
      else neckAlbedo(ctx, f1, s);

      const ndl = nx * lx + ny * ly + nz * lz;
      const diffuse = ndl > 0 ? ndl : 0;
      // Ambient from a bright sky above and darker ground below, so undersides read as shaded.
      const ambient = amb * (0.8 + 0.25 * ny);
      let spec = 0;
      if (diffuse > 0 && s.ks > 0) {
        // Half vector between the light and the view direction (toward the camera at the origin).
        let vx = -(w0 * camPos[a0] + w1 * camPos[a1] + w2 * camPos[a2]);
        let vy = -(w0 * camPos[a0 + 1] + w1 * camPos[a1 + 1] + w2 * camPos[a2 + 1]);
        let vz = -(w0 * camPos[a0 + 2] + w1 * camPos[a1 + 2] + w2 * camPos[a2 + 2]);
        const vl = Math.sqrt(vx * vx + vy * vy + vz * vz);
        vx = vx / vl + lx;
        vy = vy / vl + ly;
        vz = vz / vl + lz;
        const hl = Math.sqrt(vx * vx + vy * vy + vz * vz) || 1;
        const ndh = (nx * vx + ny * vy + nz * vz) / hl;
        if (ndh > 0) spec = s.ks * powTwo(ndh, s.shininessLog2);
      }
      // The key light is scaled by (1 − ambient) so a fully lit surface shows about its albedo, not more:
      // the skin palette holds photographed skin colours, which already include typical exposure.
      const key = diffuse * keyScale;
      acc[o] += s.r * (ambient + key * lc[0]) + spec * lc[0];
      acc[o + 1] += s.g * (ambient + key * lc[1]) + spec * lc[1];
      acc[o + 2] += s.b * (ambient + key * lc[2]) + spec * lc[2];
    }
  }

  const rgba = new Uint8ClampedArray(4 * width * height);
  const norm = 1 / (ss * ss);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) {
      const lin = acc[3 * p + c] * norm;
      rgba[4 * p + c] = Math.round(255 * Math.sqrt(lin < 0 ? 0 : lin > 1 ? 1 : lin));
    }
    rgba[4 * p + 3] = 255;
  }

  const camTmp = [0, 0, 0];
  const landmarks5 = mesh.landmarks.map((p) => {
    headToCamera(cam, p[0], p[1], p[2], camTmp);
    return applyAffine(M, projectCameraPoint(cam, camTmp[0], camTmp[1], camTmp[2]));
  }) as unknown as Landmarks5;
  return { rgba, width, height, landmarks5 };
}

function normalize3(x: number, y: number, z: number): [number, number, number] {
  const len = Math.sqrt(x * x + y * y + z * z);
  return len > 0 ? [x / len, y / len, z / len] : [0, 0, 1];
}
