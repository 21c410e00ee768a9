import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeRealismCalibration, makeRealismCalibration } from '../../engine/calibration/realismCalibrationFile';
import { attachRealismCalibration, detachRealismCalibration } from '../calibration/attachedRealismOffset';
import { calibrationStore } from '../calibration/calibrationStore';
import { calibrationTarget } from '../calibration/calibrationTarget';
import { enhanceOneArc2Face, type Arc2FaceContext } from './enhanceArc2Face';
import { arc2faceTinyContext, facePngBlob } from './arc2faceTinyContext.test-util';

let ctx: Arc2FaceContext;

beforeAll(async () => {
  ctx = await arc2faceTinyContext();
}, 60_000);

const face = (): Blob => facePngBlob(4, 2);

/** sha256 of the float32 little-endian bytes, computed with Node's crypto (independent of the app's digest). */
const nodeSha256 = (v: Float32Array) => createHash('sha256').update(Buffer.from(v.buffer, v.byteOffset, v.byteLength)).digest('hex');

describe('enhanceOneArc2Face realism offset', () => {
  it('records the Δ and λ of each image, and never looks Δ up at λ = 0 (a corrupt stored calibration is ignored there)', async () => {
    const item = { faceId: 'r', seed: 11, source: face() };
    const controls = { steps: 2, guidance: 3 };
    const plain = await enhanceOneArc2Face(item, { ...controls, lambda: 0 }, ctx);
    expect(plain.realismOffset).toEqual({ lambda: 0, source: 'none' });
    // arc2face-tiny has no Δ of its own: λ ≠ 0 without a calibration applies nothing, and says so.
    const noDelta = await enhanceOneArc2Face(item, { ...controls, lambda: 1 }, ctx);
    expect(noDelta.realismOffset).toEqual({ lambda: 1, source: 'none' });
    expect(noDelta.rgba).toEqual(plain.rgba);

    const target = calibrationTarget(ctx.manifest);
    const shape = target.shapes['encoder-output'];
    const delta = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i) * 0.5);
    const { componentsDigest: _d, ...packRef } = target.pack;
    const file = encodeRealismCalibration(
      makeRealismCalibration({ pack: packRef, space: 'encoder-output', shape, delta, counts: { real: 2, synthetic: 2 }, skipped: { real: 0, synthetic: 0 }, createdAt: new Date(0) }),
    );
    try {
      await attachRealismCalibration(ctx.manifest, file);
      const offset = await enhanceOneArc2Face(item, { ...controls, lambda: 0.75 }, ctx);
      expect(offset.realismOffset).toEqual({ lambda: 0.75, source: 'attached', deltaSha256: nodeSha256(delta), space: 'encoder-output' });
      expect(offset.rgba).not.toEqual(plain.rgba);

      // A stored calibration that no longer decodes: λ = 0 still runs, and gives the offset-free image.
      await detachRealismCalibration(ctx.manifest);
      await calibrationStore().set(ctx.manifest.id, target.pack.componentsDigest, new Uint8Array([1, 2, 3, 4, 5]));
      const zero = await enhanceOneArc2Face(item, { ...controls, lambda: 0 }, ctx);
      expect(zero.rgba).toEqual(plain.rgba);
      expect(zero.realismOffset).toEqual({ lambda: 0, source: 'none' });
      // λ ≠ 0 does need it, and fails rather than silently running without.
      await expect(enhanceOneArc2Face(item, { ...controls, lambda: 1 }, ctx)).rejects.toThrow();
    } finally {
      await detachRealismCalibration(ctx.manifest);
    }
  }, 120_000);
});
