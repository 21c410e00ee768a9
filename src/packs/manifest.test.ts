import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSelfTestPack } from './builtin/selfTestPack';
import { PackError, parseManifest, validateManifest } from './manifest';

describe('manifest validation', () => {
  it('accepts what the pack assembler writes', async () => {
    const pack = await buildSelfTestPack();
    const text = new TextDecoder().decode(pack.files.get('manifest.json'));
    expect(parseManifest(text, 'x').id).toBe('self-test');
  });

  it('rejects unsafe file names and inconsistent constants, listing each problem', async () => {
    const pack = await buildSelfTestPack();
    const m = structuredClone(pack.manifest) as unknown as Record<string, any>;
    m.components.model.file = '../../etc/passwd';
    m.constants = { uncond: { file: 'u.bin', sha256: '0'.repeat(64), bytes: 12, dtype: 'float32', shape: [1, 77, 768] } };
    m.components.model.externalData = [{ file: '/abs.data', sha256: '0'.repeat(64), bytes: 1 }];
    const e = (() => {
      try {
        validateManifest(m, 'x');
      } catch (err) {
        return err as PackError;
      }
      throw new Error('expected a PackError');
    })();
    expect(e.code).toBe('pack-invalid');
    expect(e.problems.some((p) => p.includes('components.model.file'))).toBe(true);
    expect(e.problems.some((p) => p.includes('externalData[0].file'))).toBe(true);
    expect(e.problems.some((p) => p.includes('needs 236544 bytes, manifest says 12'))).toBe(true);
  });

  it('never throws anything but a PackError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          validateManifest(v, 'fuzz');
        } catch (e) {
          expect(e).toBeInstanceOf(PackError);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseManifest(s, 'fuzz');
        } catch (e) {
          expect(e).toBeInstanceOf(PackError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
