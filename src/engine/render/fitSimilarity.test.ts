import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE_112, arcFaceTemplate } from './arcFaceTemplate';
import { applyAffine, fitSimilarity } from './fitSimilarity';

describe('fitSimilarity', () => {
  it('maps the template onto itself as the identity', () => {
    const m = fitSimilarity(ARCFACE_TEMPLATE_112, ARCFACE_TEMPLATE_112);
    [1, 0, 0, 0, 1, 0].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 12));
  });

  it('recovers any exact similarity', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (angle, scale, tx, ty) => {
          const c = scale * Math.cos(angle), s = scale * Math.sin(angle);
          const dst = ARCFACE_TEMPLATE_112.map(([x, y]) => [c * x - s * y + tx, s * x + c * y + ty] as const);
          const m = fitSimilarity(ARCFACE_TEMPLATE_112, dst);
          ARCFACE_TEMPLATE_112.forEach((p, i) => {
            const q = applyAffine(m, p);
            expect(q[0]).toBeCloseTo(dst[i][0], 6);
            expect(q[1]).toBeCloseTo(dst[i][1], 6);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('scales the template by size/112', () => {
    expect(arcFaceTemplate(224)[2]).toEqual([56.0252 * 2, 71.7366 * 2]);
  });
});
