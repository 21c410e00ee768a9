/**
 * Triangle mesh of the synthetic head: the relief-deformed superquadric (grid topology), two eyeball
 * spheres seated in the sockets, and a neck cylinder. Also returns the 5 semantic landmarks in 3-D.
 */
import { dCos, dSin } from './deterministicMath';
import type { FaceLayout } from './faceLayout';
import { FACE_STACK_LANDMARK_OFFSET } from './faceStackLandmarkConvention';
import { deformHeadPoint, frontSurfacePoint, headHalfWidth, mouthLineY, restHeadPoint, type Vec3Out } from './headSurface';

/** Which shading model a triangle uses. */
export const MATERIAL = { head: 0, eye: 1, neck: 2, ear: 3 } as const;
export type Material = (typeof MATERIAL)[keyof typeof MATERIAL];

/** Landmarks in head space, in ArcFace order: eye on the image's left (subject's right), image-right eye, nose tip, mouth corner image-left, image-right. */
export type Landmarks3d = [Vec3Out, Vec3Out, Vec3Out, Vec3Out, Vec3Out];

export interface FaceMesh {
  /** xyz per vertex, head units. */
  positions: Float32Array;
  /** Unit normal per vertex. */
  normals: Float32Array;
  /**
   * Albedo coordinates per vertex (3 floats): head and neck → rest x, rest y, around-angle α (radians,
   * 0 = front); eyes → the point's unit direction from the eyeball centre in head axes.
   */
  surface: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  indices: Uint32Array;
  /** MATERIAL per triangle. */
  materials: Uint8Array;
  landmarks: Landmarks3d;
  /** Eyeball centres (image-left, image-right), for the renderer's per-eye frames. */
  eyeCentres: [Vec3Out, Vec3Out];
}

/** Grid sizes: columns on the front half, on the back half, and latitude rings. */
export interface MeshDetail {
  frontColumns: number;
  backColumns: number;
  rings: number;
  eyeSegments: number;
}

/** Enough for ~1 px triangles on the face of a 112×112 crop at 2× supersampling. */
export const DEFAULT_MESH_DETAIL: MeshDetail = { frontColumns: 120, backColumns: 40, rings: 128, eyeSegments: 24 };

/** Preallocated typed buffers for the mesh under construction (plain-array pushes were the main cost). */
class MeshBuilder {
  readonly positions: Float32Array;
  readonly surface: Float32Array;
  readonly indices: Uint32Array;
  readonly materials: Uint8Array;
  vertexCount = 0;
  triangleCount = 0;
  constructor(maxVertices: number, maxTriangles: number) {
    this.positions = new Float32Array(3 * maxVertices);
    this.surface = new Float32Array(3 * maxVertices);
    this.indices = new Uint32Array(3 * maxTriangles);
    this.materials = new Uint8Array(maxTriangles);
  }
  vertex(p: ArrayLike<number>, s0: number, s1: number, s2: number): number {
    const o = 3 * this.vertexCount;
    this.positions[o] = p[0];
    this.positions[o + 1] = p[1];
    this.positions[o + 2] = p[2];
    this.surface[o] = s0;
    this.surface[o + 1] = s1;
    this.surface[o + 2] = s2;
    return this.vertexCount++;
  }
  triangle(a: number, b: number, c: number, material: Material): void {
    const o = 3 * this.triangleCount;
    this.indices[o] = a;
    this.indices[o + 1] = b;
    this.indices[o + 2] = c;
    this.materials[this.triangleCount++] = material;
  }
  /** Adds the quads of a rows×cols vertex grid starting at `base` (row-major), optionally wrapping columns. */
  grid(base: number, rows: number, cols: number, wrap: boolean, material: Material): void {
    const quadCols = wrap ? cols : cols - 1;
    for (let i = 0; i < rows - 1; i++) {
      for (let j = 0; j < quadCols; j++) {
        const j1 = (j + 1) % cols;
        const a = base + i * cols + j;
        const b = base + i * cols + j1;
        const c = base + (i + 1) * cols + j;
        const d = base + (i + 1) * cols + j1;
        this.triangle(a, b, c, material);
        this.triangle(b, d, c, material);
      }
    }
  }
}

/**
 * Head grid: rows go up in latitude, columns go around from the image-left side across the face and back.
 * The superquadric factors separate into per-row (y, ρ, half-width) and per-column (u, w(u)) terms, so the
 * powers are computed once per row/column, not per vertex.
 */
function addHead(m: MeshBuilder, L: FaceLayout, d: MeshDetail): void {
  const base = m.vertexCount;
  const cols = d.frontColumns + d.backColumns;
  const colU = new Float64Array(cols);
  const colW = new Float64Array(cols);
  const colAlpha = new Float64Array(cols);
  const unit: Vec3Out = [0, 0, 0];
  for (let j = 0; j < cols; j++) {
    // α runs −π/2 → π/2 over the front columns, then π/2 → 3π/2 over the back ones.
    const front = j < d.frontColumns;
    const alpha = front ? -Math.PI / 2 + (Math.PI * j) / d.frontColumns : Math.PI / 2 + (Math.PI * (j - d.frontColumns)) / d.backColumns;
    // On the equator with unit width, restHeadPoint returns (u, 0, ±c·w(u)).
    restHeadPoint(L, 0, dSin(alpha), front, unit);
    colU[j] = unit[0] / L.headWidth;
    colW[j] = unit[2];
    colAlpha[j] = alpha > Math.PI ? alpha - 2 * Math.PI : alpha;
  }
  const rest: Vec3Out = [0, 0, 0];
  const p: Vec3Out = [0, 0, 0];
  for (let i = 0; i <= d.rings; i++) {
    const v = i === 0 ? -1 : i === d.rings ? 1 : dSin(-Math.PI / 2 + (Math.PI * i) / d.rings);
    restHeadPoint(L, v, 0, true, rest); // x = 0 column gives y and ρ·c for this row
    const y = rest[1];
    const rho = rest[2] / L.depthFront;
    const halfWidth = headHalfWidth(L, y);
    for (let j = 0; j < cols; j++) {
      deformHeadPoint(L, halfWidth * rho * colU[j], y, rho * colW[j], p);
      m.vertex(p, halfWidth * rho * colU[j], y, colAlpha[j]);
    }
  }
  m.grid(base, d.rings + 1, cols, true, MATERIAL.head);
}

/** UV sphere of radius r around c, pole toward +z (gaze), surface attribute = unit direction. */
function addEye(m: MeshBuilder, c: Vec3Out, r: number, segments: number): void {
  const rings = Math.max(4, segments >> 1);
  const base = m.vertexCount;
  const p: Vec3Out = [0, 0, 0];
  for (let i = 0; i <= rings; i++) {
    const theta = (Math.PI * i) / rings; // 0 at the back pole, π at the front
    const sz = -dCos(theta);
    const sr = dSin(theta);
    for (let j = 0; j < segments; j++) {
      const phi = (2 * Math.PI * j) / segments;
      const dx = sr * dCos(phi);
      const dy = sr * dSin(phi);
      p[0] = c[0] + r * dx;
      p[1] = c[1] + r * dy;
      p[2] = c[2] + r * sz;
      m.vertex(p, dx, dy, sz);
    }
  }
  m.grid(base, rings + 1, segments, true, MATERIAL.eye);
}

/**
 * Ear: a flattened ellipsoid on the side of the head at nose-to-brow height, tilted back a little.
 * Surface attribute: the local unit direction (like the eyes), so the albedo can shade its rim and bowl.
 */
function addEar(m: MeshBuilder, L: FaceLayout, side: number): void {
  const segments = EAR_SEGMENTS;
  const rings = EAR_SEGMENTS >> 1;
  const base = m.vertexCount;
  const cy = (L.eyeY + L.noseTipY) / 2;
  const cx = side * (headHalfWidth(L, cy) + 0.025);
  const rx = 0.06, ry = 0.17, rz = 0.1;
  const p: Vec3Out = [0, 0, 0];
  for (let i = 0; i <= rings; i++) {
    const theta = (Math.PI * i) / rings;
    const sy = -dCos(theta);
    const sr = dSin(theta);
    for (let j = 0; j < segments; j++) {
      const phi = (2 * Math.PI * j) / segments;
      const dx = sr * dCos(phi);
      const dz = sr * dSin(phi);
      p[0] = cx + rx * dx;
      p[1] = cy + ry * sy - 0.25 * rz * dz; // tilt: the top leans back
      p[2] = -0.08 + rz * dz;
      m.vertex(p, dx * side, sy, dz);
    }
  }
  m.grid(base, rings + 1, segments, true, MATERIAL.ear);
}

const EAR_SEGMENTS = 16;
const NECK_SEGMENTS = 32;
const NECK_ROWS = [-0.35, -1.0, -1.8, -2.8];

/** Open cylinder under the head; its top is hidden inside the jaw. */
function addNeck(m: MeshBuilder, L: FaceLayout): void {
  const base = m.vertexCount;
  const segments = NECK_SEGMENTS;
  const radius = 0.46 * (L.headWidth / 0.76);
  const cz = -0.22;
  const p: Vec3Out = [0, 0, 0];
  for (const y of NECK_ROWS) {
    for (let j = 0; j < segments; j++) {
      const a = (2 * Math.PI * j) / segments;
      p[0] = radius * dSin(a);
      p[1] = y;
      p[2] = cz + radius * dCos(a);
      m.vertex(p, p[0], y, Math.PI / 2); // α = π/2: never inside the hair mask's front zone
    }
  }
  m.grid(base, NECK_ROWS.length, segments, true, MATERIAL.neck);
}

/** Makes every triangle's winding agree with its outward direction and accumulates area-weighted normals. */
function orientAndComputeNormals(positions: Float32Array, indices: Uint32Array, outward: (tri: number, nx: number, ny: number, nz: number) => boolean): Float32Array {
  const normals = new Float32Array(positions.length);
  const acc = new Float64Array(positions.length);
  for (let t = 0; t < indices.length / 3; t++) {
    let a = indices[3 * t];
    const b = indices[3 * t + 1];
    let c = indices[3 * t + 2];
    const e1x = positions[3 * b] - positions[3 * a], e1y = positions[3 * b + 1] - positions[3 * a + 1], e1z = positions[3 * b + 2] - positions[3 * a + 2];
    const e2x = positions[3 * c] - positions[3 * a], e2y = positions[3 * c + 1] - positions[3 * a + 1], e2z = positions[3 * c + 2] - positions[3 * a + 2];
    let nx = e1y * e2z - e1z * e2y;
    let ny = e1z * e2x - e1x * e2z;
    let nz = e1x * e2y - e1y * e2x;
    if (!outward(t, nx, ny, nz)) {
      indices[3 * t] = c;
      indices[3 * t + 2] = a;
      const swap = a;
      a = c;
      c = swap;
      nx = -nx;
      ny = -ny;
      nz = -nz;
    }
    acc[3 * a] += nx;
    acc[3 * a + 1] += ny;
    acc[3 * a + 2] += nz;
    acc[3 * b] += nx;
    acc[3 * b + 1] += ny;
    acc[3 * b + 2] += nz;
    acc[3 * c] += nx;
    acc[3 * c + 1] += ny;
    acc[3 * c + 2] += nz;
  }
  for (let v = 0; v < positions.length / 3; v++) {
    const x = acc[3 * v], y = acc[3 * v + 1], z = acc[3 * v + 2];
    const len = Math.sqrt(x * x + y * y + z * z);
    if (len > 0) {
      normals[3 * v] = x / len;
      normals[3 * v + 1] = y / len;
      normals[3 * v + 2] = z / len;
    }
  }
  return normals;
}

/** Builds the mesh and landmarks for a layout (identity + expression). Deterministic; ~50k triangles by default. */
export function buildFaceMesh(L: FaceLayout, detail: MeshDetail = DEFAULT_MESH_DETAIL): FaceMesh {
  const cols = detail.frontColumns + detail.backColumns;
  const eyeRings = Math.max(4, detail.eyeSegments >> 1);
  const earVertices = 2 * ((EAR_SEGMENTS >> 1) + 1) * EAR_SEGMENTS;
  const maxVertices = (detail.rings + 1) * cols + 2 * (eyeRings + 1) * detail.eyeSegments + NECK_ROWS.length * NECK_SEGMENTS + earVertices;
  const maxTriangles = 2 * (detail.rings * cols + 2 * eyeRings * detail.eyeSegments + (NECK_ROWS.length - 1) * NECK_SEGMENTS + EAR_SEGMENTS * EAR_SEGMENTS);
  const m = new MeshBuilder(maxVertices, maxTriangles);
  addHead(m, L, detail);
  const headTriangles = m.triangleCount;
  // The eyeball centre sits half a radius behind the socket surface, so its front cap shows through.
  const eyeCentres: [Vec3Out, Vec3Out] = [[0, 0, 0], [0, 0, 0]];
  for (const [k, side] of [[0, -1], [1, 1]] as const) {
    const skin = frontSurfacePoint(L, side * L.eyeX, L.eyeY, [0, 0, 0]);
    eyeCentres[k] = [skin[0], skin[1], skin[2] - 0.5 * L.eyeRadius];
    addEye(m, eyeCentres[k], L.eyeRadius, detail.eyeSegments);
  }
  const eyeTrianglesEnd = m.triangleCount;
  addNeck(m, L);
  const neckTrianglesEnd = m.triangleCount;
  addEar(m, L, -1);
  addEar(m, L, 1);

  const positions = m.positions;
  const indices = m.indices;
  const eyeCentreOf = (t: number): Vec3Out => {
    const v = indices[3 * t];
    return positions[3 * v] < 0 ? eyeCentres[0] : eyeCentres[1];
  };
  // The head grid is wound outward by construction (columns run +x over the front, rows run +y), and a
  // radial test would misjudge steep relief such as the nose's flanks; spheres and the cylinder use one.
  const normals = orientAndComputeNormals(positions, indices, (t, nx, ny, nz) => {
    if (t < headTriangles) return true;
    const v = indices[3 * t];
    const px = positions[3 * v], py = positions[3 * v + 1], pz = positions[3 * v + 2];
    if (t < eyeTrianglesEnd) {
      const c = eyeCentreOf(t);
      return nx * (px - c[0]) + ny * (py - c[1]) + nz * (pz - c[2]) >= 0;
    }
    if (t < neckTrianglesEnd) return nx * px + nz * (pz + 0.22) >= 0;
    // Ears: outward from their own centre, which sits on the head's side (sign of x).
    const s = m.surface;
    return nx * s[3 * v] * Math.sign(px) + ny * s[3 * v + 1] + nz * s[3 * v + 2] >= 0;
  });

  const nose = frontSurfacePoint(L, 0, L.noseTipY, [0, 0, 0]);
  const cornerY = mouthLineY(L, L.mouthHalfWidth);
  const mouthL = frontSurfacePoint(L, -L.mouthHalfWidth, cornerY, [0, 0, 0]);
  const mouthR = frontSurfacePoint(L, L.mouthHalfWidth, cornerY, [0, 0, 0]);
  const pupil = (c: Vec3Out): Vec3Out => [c[0], c[1], c[2] + L.eyeRadius];
  // Geometric features moved to where the studio's face stack reports them (see faceStackLandmarkConvention).
  const features: Vec3Out[] = [pupil(eyeCentres[0]), pupil(eyeCentres[1]), nose, mouthL, mouthR];
  const landmarks = features.map((p, k) => [p[0] + FACE_STACK_LANDMARK_OFFSET[k][0], p[1] + FACE_STACK_LANDMARK_OFFSET[k][1], p[2]]) as Landmarks3d;
  return {
    positions,
    normals,
    surface: m.surface,
    indices,
    materials: m.materials,
    landmarks,
    eyeCentres,
  };
}
