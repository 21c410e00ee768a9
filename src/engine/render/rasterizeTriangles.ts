/**
 * CPU triangle rasteriser into a visibility buffer: per sample, the nearest triangle and its
 * perspective-correct barycentrics. Shading happens afterwards, once per visible sample (no overdraw cost).
 *
 * Conventions: sample (i, j) sits at integer coordinates (its centre); a sample exactly on an edge is
 * covered by both neighbours (inclusive test, so no cracks), and the z-test keeps the first of equal depths.
 * All arithmetic is IEEE double, so results are identical on every engine.
 */

export interface VisibilityBuffer {
  width: number;
  height: number;
  /** Triangle index per sample, −1 where nothing was drawn. */
  triangle: Int32Array;
  /** Perspective-correct barycentric weights of the triangle's 2nd and 3rd vertex (1st = 1 − b1 − b2). */
  b1: Float32Array;
  b2: Float32Array;
  /** 1/depth of the stored surface (larger is nearer); 0 where empty. */
  invDepth: Float64Array;
}

export interface ScreenVertices {
  /** x, y per vertex in sample coordinates (y down). */
  xy: Float64Array;
  /** 1/depth per vertex (depth > 0 in front of the camera). */
  invDepth: Float64Array;
}

/** Rasterises front-facing triangles (clockwise on screen, i.e. counter-clockwise seen from outside with y up). */
export function rasterizeTriangles(verts: ScreenVertices, indices: Uint32Array, width: number, height: number): VisibilityBuffer {
  const n = width * height;
  const triangle = new Int32Array(n).fill(-1);
  const b1 = new Float32Array(n);
  const b2 = new Float32Array(n);
  const invDepth = new Float64Array(n);
  const { xy, invDepth: iw } = verts;
  const triCount = indices.length / 3;
  for (let t = 0; t < triCount; t++) {
    const i0 = indices[3 * t], i1 = indices[3 * t + 1], i2 = indices[3 * t + 2];
    const w0 = iw[i0], w1 = iw[i1], w2 = iw[i2];
    if (!(w0 > 0 && w1 > 0 && w2 > 0)) continue; // behind the camera: never happens at our distances
    const x0 = xy[2 * i0], y0 = xy[2 * i0 + 1];
    const x1 = xy[2 * i1], y1 = xy[2 * i1 + 1];
    const x2 = xy[2 * i2], y2 = xy[2 * i2 + 1];
    // With y pointing down, a triangle that is counter-clockwise in y-up space has a positive value here.
    const area = (x2 - x0) * (y1 - y0) - (x1 - x0) * (y2 - y0);
    if (!(area > 0)) continue; // back-facing or degenerate
    const minX = Math.max(0, Math.ceil(Math.min(x0, x1, x2)));
    const maxX = Math.min(width - 1, Math.floor(Math.max(x0, x1, x2)));
    const minY = Math.max(0, Math.ceil(Math.min(y0, y1, y2)));
    const maxY = Math.min(height - 1, Math.floor(Math.max(y0, y1, y2)));
    if (minX > maxX || minY > maxY) continue;
    const inv = 1 / area;
    // Edge k's value is A(p, a, b) for the edge opposite vertex k, evaluated with the lower vertex index
    // first and negated when swapped: a shared edge then gives bit-exact opposite values in both triangles,
    // so with the inclusive test every sample is covered at least once (watertight), whatever the rounding.
    const s0 = i1 < i2, s1 = i2 < i0, s2 = i0 < i1;
    const e0ax = s0 ? x1 : x2, e0ay = s0 ? y1 : y2, e0bx = s0 ? x2 : x1, e0by = s0 ? y2 : y1;
    const e1ax = s1 ? x2 : x0, e1ay = s1 ? y2 : y0, e1bx = s1 ? x0 : x2, e1by = s1 ? y0 : y2;
    const e2ax = s2 ? x0 : x1, e2ay = s2 ? y0 : y1, e2bx = s2 ? x1 : x0, e2by = s2 ? y1 : y0;
    for (let y = minY; y <= maxY; y++) {
      let row = y * width + minX;
      for (let x = minX; x <= maxX; x++, row++) {
        let e0 = (e0bx - x) * (e0ay - y) - (e0ax - x) * (e0by - y);
        if (!s0) e0 = -e0;
        if (e0 < 0) continue;
        let e1 = (e1bx - x) * (e1ay - y) - (e1ax - x) * (e1by - y);
        if (!s1) e1 = -e1;
        if (e1 < 0) continue;
        let e2 = (e2bx - x) * (e2ay - y) - (e2ax - x) * (e2by - y);
        if (!s2) e2 = -e2;
        if (e2 < 0) continue;
        const l0 = e0 * inv, l1 = e1 * inv, l2 = e2 * inv;
        const w = l0 * w0 + l1 * w1 + l2 * w2;
        if (w <= invDepth[row]) continue;
        invDepth[row] = w;
        triangle[row] = t;
        b1[row] = (l1 * w1) / w;
        b2[row] = (l2 * w2) / w;
      }
    }
  }
  return { width, height, triangle, b1, b2, invDepth };
}
