import { describe, expect, it } from 'vitest';
import { MATERIAL } from '../../../engine/render/buildFaceMesh';
import { identityParamsFromSeed } from '../../../engine/render/identityParams';
import { prepareFaceScene } from '../../../engine/render/prepareFaceScene';
import { variationParamsFromSeed } from '../../../engine/render/variationParams';
import { packFaceScene, UNIFORM_VEC4S, VERTEX_FLOATS } from './packFaceScene';
import { resolveGpuSamples } from './resolveGpuSamples';

const scene = prepareFaceScene(identityParamsFromSeed(3), variationParamsFromSeed(4), { width: 40, height: 30, supersample: 2 });

describe('packFaceScene', () => {
  it('puts every vertex on the CPU rasteriser sample position (after the perspective divide) with w = depth', () => {
    const p = packFaceScene(scene);
    expect(p.sampleWidth).toBe(80);
    expect(p.sampleHeight).toBe(60);
    const n = scene.invDepth.length;
    expect(p.vertices.length).toBe(n * VERTEX_FLOATS);
    for (let v = 0; v < n; v += 97) {
      const o = v * VERTEX_FLOATS;
      const w = p.vertices[o + 3];
      expect(w).toBeCloseTo(1 / scene.invDepth[v], 4);
      // NDC → framebuffer pixel centre (x + ½): the sample coordinate + ½.
      const fx = ((p.vertices[o] / w + 1) / 2) * p.sampleWidth;
      const fy = ((1 - p.vertices[o + 1] / w) / 2) * p.sampleHeight;
      expect(fx).toBeCloseTo(scene.xy[2 * v] + 0.5, 2);
      expect(fy).toBeCloseTo(scene.xy[2 * v + 1] + 0.5, 2);
      const z = p.vertices[o + 2] / w;
      expect(z > 0 && z < 1).toBe(true);
    }
    expect(p.uniforms.length).toBe(4 * UNIFORM_VEC4S);
  });

  it('gives each vertex its triangles’ material', () => {
    const p = packFaceScene(scene);
    const m = scene.mesh;
    for (let t = 0; t < m.materials.length; t += 53) {
      for (let k = 0; k < 3; k++) expect(p.vertices[m.indices[3 * t + k] * VERTEX_FLOATS + 13]).toBe(m.materials[t]);
    }
    expect(new Set(Array.from(m.materials))).toEqual(new Set(Object.values(MATERIAL)));
  });
});

describe('resolveGpuSamples', () => {
  it('box-filters covered samples, puts the backdrop on empty ones, and encodes with gamma 2', () => {
    // 1×1 output from 2×2 samples; rows padded to 12 floats; one covered sample of linear 0.25 grey.
    const s = new Float32Array(2 * 12);
    s.set([0.25, 0.25, 0.25, 1], 0);
    const rgba = resolveGpuSamples(s, 12, 1, 1, 2, [0.5, 0, 0]);
    // Backdrop shades: row 0 → 1.1, row 1 → 0.9; red = (0.25 + 0.55 + 0.45 + 0.45) / 4 = 0.425.
    expect(Array.from(rgba)).toEqual([Math.round(255 * Math.sqrt(0.425)), Math.round(255 * Math.sqrt(0.0625)), Math.round(255 * Math.sqrt(0.0625)), 255]);
  });
});
