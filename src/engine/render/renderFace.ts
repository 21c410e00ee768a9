/**
 * Renders one synthetic face on the CPU: prepares the scene (prepareFaceScene: mesh for identity + expression,
 * posed and projected), rasterises with a z-buffer at `supersample`² samples per pixel, shades every visible
 * sample (Lambert + Blinn–Phong specular + ambient, in linear light), box-filters down and encodes with gamma 2.
 * The worker's WebGPU path (src/worker/render/gpu) runs the same shading maths in WGSL on the same scene.
 *
 * Determinism: only IEEE-754 + − × ÷, Math.sqrt/floor/round/min/max/abs and the deterministicMath functions
 * are used, so equal inputs give identical bytes in Node and every browser (see deterministicMath.ts).
 */
import type { Landmarks5 } from './arcFaceTemplate';
import { MATERIAL } from './buildFaceMesh';
import { earAlbedo, eyeAlbedo, headAlbedo, neckAlbedo, type SurfaceSample } from './faceAlbedo';
import type { IdentityParams } from './identityParams';
import { backdropShade, encodeLinearSums, prepareFaceScene, type RenderOptions } from './prepareFaceScene';
import { rasterizeTriangles } from './rasterizeTriangles';
import type { VariationParams } from './variationParams';

export { MAX_RENDER_SIZE, type RenderOptions } from './prepareFaceScene';

export interface RenderedFace {
  /** width·height·4 bytes, RGBA, alpha always 255. */
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** Projected landmarks in output pixels (ArcFace order: eye image-left, eye image-right, nose, mouth left, mouth right). */
  landmarks5: Landmarks5;
}

/** Blinn–Phong lobe: c^(2^k) by k squarings (exact, unlike Math.pow). */
function powTwo(c: number, k: number): number {
  for (let i = 0; i < k; i++) c *= c;
  return c;
}

export function renderFace(identity: IdentityParams, variation: VariationParams, options: RenderOptions): RenderedFace {
  const scene = prepareFaceScene(identity, variation, options);
  const { width, height, supersample: ss, mesh, camPos, camNrm, xy, invDepth } = scene;
  const sw = width * ss, sh = height * ss;
  const vb = rasterizeTriangles({ xy, invDepth }, mesh.indices, sw, sh);

  // Shading, accumulated per output pixel in linear light.
  const ctx = scene.albedo;
  const [lx, ly, lz] = scene.light.direction;
  const lc = scene.light.color;
  const amb = scene.light.ambient;
  const keyScale = scene.light.keyScale;
  const bg = scene.background;
  const acc = new Float64Array(3 * width * height);
  const s: SurfaceSample = { r: 0, g: 0, b: 0, ks: 0, shininessLog2: 4 };
  const S = mesh.surface;
  for (let sy = 0; sy < sh; sy++) {
    const py = (sy / ss) | 0;
    const bgShade = backdropShade(sy, sh);
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

  return { rgba: encodeLinearSums(acc, width, height, ss), width, height, landmarks5: scene.landmarks5 };
}
