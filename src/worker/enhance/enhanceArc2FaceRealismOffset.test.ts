import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { encode } from 'fast-png';
import { buildArc2FaceTinyPack } from '../../packs/builtin/arc2faceTinyPack';
import { encodeRealismCalibration, makeRealismCalibration } from '../../engine/calibration/realismCalibrationFile';
import { renderAlignedFace, identityParamsFromSeed, variationParamsFromSeed } from '../../engine/render';
import { attachRealismCalibration, detachRealismCalibration } from '../calibration/attachedRealismOffset';
import { calibrationStore } from '../calibration/calibrationStore';
import { calibrationTarget } from '../calibration/calibrationTarget';
import { enhanceOneArc2Face, type Arc2FaceContext } from './enhanceArc2Face';

let ctx: Arc2FaceContext;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  const pack = await buildArc2FaceTinyPack();
  const sessions = new Map<string, ort.InferenceSession>();
  ctx = {
    packId: 'arc2face-tiny',
    manifest: pack.manifest,
    files: new Map([...pack.files].map(([k, v]) => [k, new Blob([v as BlobPart])])),
    jobId: 'test',
    run: async (component, feeds) => {
      let s = sessions.get(component);
      if (!s) {
        s = await ort.InferenceSession.create(pack.files.get(pack.manifest.components[component].file)!);
        sessions.set(component, s);
      }
      const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)])));
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { dims: [...t.dims], data: t.data as Float32Array }]));
    },
  };
}, 60_000);

function face(): Blob {
  const f = renderAlignedFace(identityParamsFromSeed(4), variationParamsFromSeed(2), 112, 1);
  return new Blob([encode({ width: f.width, height: f.height, data: new Uint8Array(f.rgba.buffer), channels: 4, depth: 8 }) as BlobPart], { type: 'image/png' });
}

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
