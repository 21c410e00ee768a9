import { afterEach, describe, expect, it } from 'vitest';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturesDir, fixturePath, loadFixture } from './fixtures';
import { maxAbs, maxRel, meanAbs, scaledTolerance } from './tolerance';

describe('fixtures loader', () => {
  const saved = process.env.FIXTURES_DIR;
  afterEach(() => { if (saved === undefined) delete process.env.FIXTURES_DIR; else process.env.FIXTURES_DIR = saved; });

  it('defaults to <repo>/fixtures and honours FIXTURES_DIR', () => {
    delete process.env.FIXTURES_DIR;
    expect(fixturesDir()).toBe(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures'));
    process.env.FIXTURES_DIR = 'some/where';
    expect(fixturePath('x.json')).toBe(join(resolve(process.cwd(), 'some/where'), 'x.json'));
  });

  it('names the missing tensor and lists the present ones', () => {
    const f = loadFixture('schedulers', 'inputs.safetensors');
    expect(() => f.tensor('nope')).toThrow(/no tensor "nope".*alphas_cumprod/);
    expect(f.row('step_noise', 1).length).toBe(256);
  });
});

describe('tolerance helpers', () => {
  it('compute abs / mean / relative errors', () => {
    expect(maxAbs([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(meanAbs([1, 2, 3], [1, 2.5, 2])).toBeCloseTo(0.5, 12);
    expect(maxRel([2, 0.001], [1, 0])).toBe(1);
    expect(maxRel([Infinity], [Infinity])).toBe(0);
    expect(maxAbs([NaN], [0])).toBe(Infinity);
    expect(scaledTolerance(1e-5, [-20, 3])).toBeCloseTo(2e-4, 12);
    expect(() => maxAbs([1], [1, 2])).toThrow(RangeError);
  });
});
