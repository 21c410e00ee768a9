import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertCalibrationFitsPack, type CalibrationTarget } from './calibrationFitsPack';
import { calibrationComponentsDigest, decodeRealismCalibration, encodeRealismCalibration, makeRealismCalibration, type NewCalibration } from './realismCalibrationFile';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const delta = Float32Array.from({ length: 77 * 4 }, (_, i) => Math.sin(i) * 1e-3 + (i === 5 ? -7.25 : 0));
const base: NewCalibration = {
  pack: { id: 'arc2face-tiny', version: '1.0.0', components: { textEncoder: SHA_B, arcface: SHA_A } },
  space: 'encoder-output',
  shape: [77, 4],
  delta,
  counts: { real: 12, synthetic: 9 },
  skipped: { real: 2, synthetic: 0 },
  createdAt: new Date('2026-11-28T05:00:00Z'),
};
const target: CalibrationTarget = {
  pack: { id: 'arc2face-tiny', version: '1.0.0', components: { arcface: SHA_A, textEncoder: SHA_B }, componentsDigest: calibrationComponentsDigest({ arcface: SHA_A, textEncoder: SHA_B }) },
  shapes: { 'encoder-output': [77, 4], 'id-vector': [16] },
};

describe('realism calibration file', () => {
  it('round-trips Δ bit-exactly with its header; digests are sha256 of the raw float32 LE bytes', () => {
    const cal = makeRealismCalibration(base);
    const bytes = encodeRealismCalibration(cal);
    const back = decodeRealismCalibration(bytes);
    expect(back.delta).toEqual(delta);
    expect(back.header).toEqual(cal.header);
    // Independent digests: Node's crypto over Buffer bytes (this machine is little-endian, as the format).
    expect(back.header.deltaSha256).toBe(createHash('sha256').update(Buffer.from(delta.buffer)).digest('hex'));
    expect(back.header.pack.componentsDigest).toBe(createHash('sha256').update(`arcface=${SHA_A}\ntextEncoder=${SHA_B}\n`).digest('hex'));
    expect(back.header.deltaNorm).toBeCloseTo(Math.sqrt(delta.reduce((s, v) => s + v * v, 0)), 9);
    expect(back.header).toMatchObject({ space: 'encoder-output', shape: [77, 4], counts: { real: 12, synthetic: 9 }, skipped: { real: 2, synthetic: 0 }, createdAt: '2026-11-28T05:00:00.000Z' });
    expect(bytes.length % 4).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('D2RDELTA');
  });

  it('refuses other files, damaged files and other versions with a clear code', () => {
    const bytes = encodeRealismCalibration(makeRealismCalibration(base));
    const code = (b: Uint8Array) => {
      try {
        decodeRealismCalibration(b);
        return 'ok';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code(new TextEncoder().encode('{"format":"digi2real-realism-offset"}'))).toBe('calibration/not-a-calibration');
    expect(code(bytes.subarray(0, bytes.length - 4))).toBe('calibration/corrupt');
    const edited = bytes.slice();
    edited[edited.length - 1] ^= 0x01;
    expect(() => decodeRealismCalibration(edited)).toThrow(/do not match their sha256/);
    const text = new TextDecoder().decode(bytes);
    const bump = (from: string, to: string) => {
      const b = bytes.slice();
      const at = text.indexOf(from);
      b.set(new TextEncoder().encode(to), at);
      return b;
    };
    expect(code(bump('"formatVersion":1', '"formatVersion":2'))).toBe('calibration/unsupported-version');
    expect(() => decodeRealismCalibration(bump('"space":"encoder-output"', '"space":"encoder-outpux"'))).toThrow(/space must be/);
    expect(() => decodeRealismCalibration(bump(`"arcface":"${SHA_A}"`, `"arcface":"${'c'.repeat(64)}"`))).toThrow(/componentsDigest does not match/);
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(8, 1e9, true);
    expect(() => decodeRealismCalibration(huge)).toThrow(/runs past the file/);
  });

  it('makeRealismCalibration refuses a Δ that does not fill its shape', () => {
    expect(() => makeRealismCalibration({ ...base, shape: [77, 5] })).toThrow(/needs 385/);
  });
});

describe('assertCalibrationFitsPack', () => {
  const header = makeRealismCalibration(base).header;
  it('accepts the pack it was made for', () => {
    expect(() => assertCalibrationFitsPack(header, target)).not.toThrow();
  });
  it('names the wrong pack, the changed components and the wrong shape', () => {
    expect(() => assertCalibrationFitsPack(header, { ...target, pack: { ...target.pack, id: 'arc2face' } })).toThrow(/made for pack "arc2face-tiny", not for the active pack "arc2face"/);
    const newWeights = { arcface: SHA_A, textEncoder: 'd'.repeat(64) };
    expect(() => assertCalibrationFitsPack(header, { ...target, pack: { ...target.pack, version: '2.0.0', components: newWeights, componentsDigest: calibrationComponentsDigest(newWeights) } })).toThrow(
      /other weights .*version 1\.0\.0, now 2\.0\.0; differing: textEncoder/,
    );
    expect(() => assertCalibrationFitsPack(header, { ...target, shapes: { ...target.shapes, 'encoder-output': [77, 768] } })).toThrow(/shape \[77, 4\], pack "arc2face-tiny" needs \[77, 768\]/);
  });
});
