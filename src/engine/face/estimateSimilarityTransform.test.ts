import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAffine, point2, type Point2 } from './coordinateSpaces';
import { estimateSimilarityTransform } from './estimateSimilarityTransform';
import { invertAffineTransform } from './invertAffineTransform';

type A = 'A';
type B = 'B';
const coord = fc.double({ min: -500, max: 500, noNaN: true });
const pointSet = fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 8 }).filter((pts) => {
  // Well spread so the fit is well conditioned.
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length, my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return pts.reduce((s, p) => s + (p[0] - mx) ** 2 + (p[1] - my) ** 2, 0) / pts.length > 1;
});

describe('estimateSimilarityTransform', () => {
  it('recovers an exact similarity (float64)', () => {
    fc.assert(
      fc.property(pointSet, fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), coord, coord,
        (pts, theta, s, tx, ty) => {
          const src = pts.map(([x, y]) => point2<A>(x, y));
          const dst = pts.map(([x, y]) => point2<B>(s * (Math.cos(theta) * x - Math.sin(theta) * y) + tx, s * (Math.sin(theta) * x + Math.cos(theta) * y) + ty));
          const m = estimateSimilarityTransform(src, dst);
          const want = [s * Math.cos(theta), -s * Math.sin(theta), tx, s * Math.sin(theta), s * Math.cos(theta), ty];
          for (let j = 0; j < 6; j++) expect(m[j]).toBeCloseTo(want[j], 6);
        }),
      { numRuns: 200 },
    );
  });

  it('never reflects, and no nearby similarity fits better (least-squares optimum)', () => {
    fc.assert(
      fc.property(pointSet, pointSet, (p, q) => {
        const k = Math.min(p.length, q.length);
        const src = p.slice(0, k).map(([x, y]) => point2<A>(x, y));
        const mx = src.reduce((acc, q) => acc + q[0], 0) / k, my = src.reduce((acc, q) => acc + q[1], 0) / k;
        fc.pre(src.reduce((acc, q) => acc + (q[0] - mx) ** 2 + (q[1] - my) ** 2, 0) > 1);
        const dst = q.slice(0, k).map(([x, y]) => point2<B>(x, y));
        const m = estimateSimilarityTransform(src, dst);
        expect(m[0] * m[4] - m[1] * m[3]).toBeGreaterThanOrEqual(0);
        expect(m[0]).toBeCloseTo(m[4], 9);
        expect(m[1]).toBeCloseTo(-m[3], 9);
        const err = (mm: readonly number[]) => src.reduce((e, s, i) => e + (mm[0] * s[0] + mm[1] * s[1] + mm[2] - dst[i][0]) ** 2 + (mm[3] * s[0] + mm[4] * s[1] + mm[5] - dst[i][1]) ** 2, 0);
        const best = err(m);
        // Perturbing any parameter of the optimum must not reduce the residual.
        const [a, b, tx, , , ty] = [m[0], m[3], m[2], 0, 0, m[5]];
        for (const [da, db, dtx, dty] of [[1e-3, 0, 0, 0], [0, 1e-3, 0, 0], [0, 0, 1e-2, 0], [0, 0, 0, 1e-2], [-1e-3, 0, 0, 0], [0, -1e-3, 0, 0]]) {
          const mm = [a + da, -(b + db), tx + dtx, b + db, a + da, ty + dty];
          expect(err(mm)).toBeGreaterThanOrEqual(best * (1 - 1e-9) - 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('skimage-float32 arithmetic stays within 1e-4 px of float64 on face-sized inputs', () => {
    fc.assert(
      fc.property(pointSet, (pts) => {
        const src = pts.map(([x, y]) => point2<A>(Math.fround(x), Math.fround(y)));
        const dst = pts.map(([x, y]) => point2<B>(Math.fround(0.5 * y + 3), Math.fround(-0.5 * x + 7)));
        const m64 = estimateSimilarityTransform(src, dst, 'float64');
        const m32 = estimateSimilarityTransform(src, dst, 'skimage-float32');
        for (const s of src) {
          const a = applyAffine(m64, s), b = applyAffine(m32, s);
          expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])).toBeLessThan(1e-3);
        }
      }),
    );
  });

  it('rejects mismatched, too few and coincident points', () => {
    const p = (x: number, y: number): Point2<A> => point2<A>(x, y);
    expect(() => estimateSimilarityTransform([p(0, 0), p(1, 1)], [point2<B>(0, 0)])).toThrow(/2 source points but 1/);
    expect(() => estimateSimilarityTransform([p(0, 0)], [point2<B>(0, 0)])).toThrow(/at least 2/);
    expect(() => estimateSimilarityTransform([p(3, 3), p(3, 3)], [point2<B>(0, 0), point2<B>(1, 0)])).toThrow(/degenerate/);
  });
});

describe('invertAffineTransform', () => {
  it('composes with the forward map to the identity', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 }), coord, coord, (m6, x, y) => {
        fc.pre(Math.abs(m6[0] * m6[4] - m6[1] * m6[3]) > 1e-2);
        const m = m6 as unknown as Parameters<typeof invertAffineTransform<A, B>>[0];
        const back = applyAffine(invertAffineTransform(m), applyAffine(m, point2<A>(x, y)));
        expect(back[0]).toBeCloseTo(x, 5);
        expect(back[1]).toBeCloseTo(y, 5);
      }),
    );
  });
});
