/**
 * A FaceScene (src/engine/render/prepareFaceScene.ts) as the WebGPU path's buffers: interleaved vertices
 * (clip position, camera-space position and normal, albedo coordinates, material), the index list, and the
 * uniform block in the order faceShadingWgsl.ts declares it. Pure, so Node tests check it.
 */
import type { FaceScene } from '../../../engine/render/prepareFaceScene';

/** Floats per vertex: clip xyzw, camPos xyz, camNrm xyz, surface xyz, material. */
export const VERTEX_FLOATS = 14;
/** vec4s in the uniform block. */
export const UNIFORM_VEC4S = 14;

/** Depth (head units) mapped to clip z = 0; every face point is farther (camera distance ≥ 5, head radius < 1.5). */
const NEAR = 1;

export interface PackedFaceScene {
  /** Supersampled target size. */
  sampleWidth: number;
  sampleHeight: number;
  vertices: Float32Array;
  indices: Uint32Array;
  uniforms: Float32Array;
}

/**
 * Clip coordinates put sample (X, Y) of the CPU rasteriser (centres at integers, y down) on framebuffer pixel
 * centre (X + ½, Y + ½), with w = depth so attributes interpolate perspective-correctly, as the CPU's
 * barycentrics do, and z/w = 1 − NEAR/depth, increasing with depth.
 */
export function packFaceScene(scene: FaceScene): PackedFaceScene {
  const { mesh, camPos, camNrm, xy, invDepth } = scene;
  const sw = scene.width * scene.supersample;
  const sh = scene.height * scene.supersample;
  const vCount = invDepth.length;
  // Each vertex belongs to one part of the mesh (head, eyes, neck, ears are separate vertex sets), so the
  // per-triangle material is per-vertex too.
  const material = new Float32Array(vCount);
  for (let t = 0; t < mesh.materials.length; t++) {
    for (let k = 0; k < 3; k++) material[mesh.indices[3 * t + k]] = mesh.materials[t];
  }
  const vertices = new Float32Array(VERTEX_FLOATS * vCount);
  for (let v = 0; v < vCount; v++) {
    const o = VERTEX_FLOATS * v;
    const w = 1 / invDepth[v];
    vertices[o] = ((2 * (xy[2 * v] + 0.5)) / sw - 1) * w;
    vertices[o + 1] = (1 - (2 * (xy[2 * v + 1] + 0.5)) / sh) * w;
    vertices[o + 2] = w - NEAR;
    vertices[o + 3] = w;
    for (let k = 0; k < 3; k++) {
      vertices[o + 4 + k] = camPos[3 * v + k];
      vertices[o + 7 + k] = camNrm[3 * v + k];
      vertices[o + 10 + k] = mesh.surface[3 * v + k];
    }
    vertices[o + 13] = material[v];
  }
  const a = scene.albedo;
  const L = a.L;
  const m = a.mottle;
  const { direction: d, color: c, ambient, keyScale } = scene.light;
  const uniforms = new Float32Array([
    ...a.skin, 0,
    ...a.lip, 0,
    ...a.hair, 0,
    ...a.brow, 0,
    ...a.iris, 0,
    m[0], m[1], m[2], m[3],
    m[4], m[5], m[6], m[7],
    m[8], 0, 0, 0,
    L.noseTipY, L.mouthHalfWidth, L.mouthY, L.cornerLift,
    L.mouthGap, L.upperLip, L.lowerLip, L.smile,
    L.eyeX, L.browY, L.browThickness, L.noseWidth,
    L.hairlineY, L.eyeY, L.eyeOpen, 0,
    d[0], d[1], d[2], ambient,
    c[0], c[1], c[2], keyScale,
  ]);
  return { sampleWidth: sw, sampleHeight: sh, vertices, indices: mesh.indices.slice(0, 3 * mesh.materials.length), uniforms };
}
