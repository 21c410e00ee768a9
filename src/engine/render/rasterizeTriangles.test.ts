import { describe, expect, it } from 'vitest';
import { rasterizeTriangles } from './rasterizeTriangles';

/** Two triangles forming the square [2,8]×[2,8] on screen, front-facing (counter-clockwise in y-up space). */
function square(invDepth: number): { xy: Float64Array; invDepth: Float64Array; indices: Uint32Array } {
  // Screen y is down, so "counter-clockwise in y-up" means clockwise as listed in screen coordinates.
  const xy = new Float64Array([2, 8, 8, 8, 2, 2, 8, 2]);
  return { xy, invDepth: new Float64Array(4).fill(invDepth), indices: new Uint32Array([0, 1, 2, 1, 3, 2]) };
}

describe('rasterizeTriangles', () => {
  it('covers a square without cracks or spill, and culls back faces', () => {
    const s = square(1);
    const vb = rasterizeTriangles(s, s.indices, 12, 12);
    let covered = 0;
    for (let y = 0; y < 12; y++) {
      for (let x = 0; x < 12; x++) {
        const inside = x >= 2 && x <= 8 && y >= 2 && y <= 8;
        expect(vb.triangle[y * 12 + x] >= 0).toBe(inside);
        if (inside) covered++;
      }
    }
    expect(covered).toBe(49);
    const flipped = new Uint32Array([0, 2, 1, 1, 2, 3]);
    const back = rasterizeTriangles(s, flipped, 12, 12);
    expect(back.triangle.every((t) => t === -1)).toBe(true);
  });

  it('keeps the nearer surface and gives barycentrics that reproduce vertex positions', () => {
    const far = square(0.5);
    const near = square(1);
    const xy = new Float64Array([...far.xy, ...near.xy]);
    const invDepth = new Float64Array([...far.invDepth, ...near.invDepth]);
    const indices = new Uint32Array([0, 1, 2, 1, 3, 2, 4, 5, 6, 5, 7, 6]);
    const vb = rasterizeTriangles({ xy, invDepth }, indices, 12, 12);
    const t = vb.triangle[5 * 12 + 4];
    expect(t).toBeGreaterThanOrEqual(2);
    const i = 5 * 12 + 4;
    const [a, b, c] = [indices[3 * t], indices[3 * t + 1], indices[3 * t + 2]];
    const l1 = vb.b1[i], l2 = vb.b2[i], l0 = 1 - l1 - l2;
    expect(l0 * xy[2 * a] + l1 * xy[2 * b] + l2 * xy[2 * c]).toBeCloseTo(4, 5);
    expect(l0 * xy[2 * a + 1] + l1 * xy[2 * b + 1] + l2 * xy[2 * c + 1]).toBeCloseTo(5, 5);
  });
});
