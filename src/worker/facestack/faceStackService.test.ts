/**
 * Face-stack service on renderer faces, with the real converted models in onnxruntime-web (wasm, one thread):
 * aligned crops, faces pasted into larger images, identity similarity, and the error cases. Prints the measured
 * numbers for the record. Small sets (4 identities × 2 variations, an 8-face mean) keep it near 30 s on 2 cores.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE_112 } from '../../engine/face/arcFaceTemplate';
import { affine2x3, applyAffine, point2, type SourcePx } from '../../engine/face/coordinateSpaces';
import { estimateArcFaceAlignment } from '../../engine/face/estimateArcFaceAlignment';
import { warpAffineBilinearU8 } from '../../engine/face/warpAffineBilinearU8';
import { FACE_STACK_IDENTITY_MODEL } from '../../engine/facestack/faceStackModels';
import { identityParamsFromSeed, identitySeedOf, renderAlignedFace, variationParamsFromSeed, variationSeedOf, type AlignedFace } from '../../engine/render';
import { encodePng } from '../../io/encodePng';
import { createFaceStackService, type FaceStackService } from './faceStackService';
import { isFaceStackFailure, type FaceDescribeResult, type FaceDescription, type FaceImage } from './faceStackTypes';
import { createOrtFaceStackRun, faceStackModelsDir, type RunLog } from './ortFaceStackRun.test-util';
import { scoreFacePairs } from './scoreFacePairs';

const IDENTITIES = 4;
const VARIATIONS = 2;
const SEED_BASE = 2027;

interface Sample {
  identity: number;
  face: AlignedFace;
}

let service: FaceStackService;
let log: RunLog;
let samples: Sample[];
let aligned: FaceDescribeResult[];

const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const image = (f: AlignedFace): FaceImage => ({ rgba: f.rgba, width: f.width, height: f.height });
function described(r: FaceDescribeResult): FaceDescription {
  if (isFaceStackFailure(r)) throw new Error(`expected a face, got ${r.code}: ${r.error}`);
  return r;
}

/** Pastes a 112 crop into a width×height canvas (grey-green backdrop) through `place` (crop px → canvas px). */
function paste(crops: { face: AlignedFace; place: number[] }[], width: number, height: number): FaceImage {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) out.set([90, 120, 100, 255], 4 * i);
  for (const { face, place } of crops) {
    const warped = warpAffineBilinearU8({ data: face.rgba, width: face.width, height: face.height, channels: 4 }, affine2x3<'CropPx', SourcePx>(place), width, height);
    // Alpha is 255 inside the warped crop and 0 outside, so it doubles as the paste mask.
    for (let i = 0; i < width * height; i++) if (warped.data[4 * i + 3] === 255) out.set(warped.data.subarray(4 * i, 4 * i + 4), 4 * i);
  }
  return { rgba: out, width, height };
}

function similarity(angleDeg: number, scale: number, x: number, y: number): number[] {
  const a = (angleDeg * Math.PI) / 180;
  return [scale * Math.cos(a), -scale * Math.sin(a), x, scale * Math.sin(a), scale * Math.cos(a), y];
}

beforeAll(async () => {
  const stack = await createOrtFaceStackRun(await faceStackModelsDir());
  log = stack.log;
  // 8 reference faces at supersample 1 instead of the default 32 at 2: the same code path, a test-sized set.
  service = createFaceStackService(stack.run, { meanSet: { identities: 8, supersample: 1 } });
  samples = [];
  for (let i = 0; i < IDENTITIES; i++) {
    const seed = identitySeedOf(SEED_BASE, i);
    for (let v = 0; v < VARIATIONS; v++) {
      samples.push({ identity: i, face: renderAlignedFace(identityParamsFromSeed(seed), variationParamsFromSeed(variationSeedOf(seed, v)), 112, 1) });
    }
  }
  aligned = await service.describeFaces(samples.map((s) => ({ image: image(s.face), aligned: true })));
}, 120_000);

describe('faceStackService', () => {
  it('places the 5 points of aligned 112 crops within a few px of the ArcFace template, in one batch', () => {
    const errors = aligned.map((r) => {
      const d = described(r);
      expect(d.route).toBe('aligned');
      expect(d.descriptor).toHaveLength(1024);
      expect([d.alignedCrop112.width, d.alignedCrop224.width, d.alignedCrop224.rgba.length]).toEqual([112, 224, 224 * 224 * 4]);
      expect(d.quality.templateOffset).toBeDefined();
      return avg(d.landmarks5.map((p, k) => Math.hypot(p[0] - ARCFACE_TEMPLATE_112[k][0], p[1] - ARCFACE_TEMPLATE_112[k][1])));
    });
    const rmse = aligned.map((r) => described(r).quality.templateFitRmse);
    console.log(`[face-stack service] aligned 112 crops (${errors.length}): 5-point error vs template mean ${avg(errors).toFixed(2)} px, max ${Math.max(...errors).toFixed(2)} px; fit RMSE mean ${avg(rmse).toFixed(2)} px`);
    expect(avg(errors)).toBeLessThan(3);
    expect(Math.max(...errors)).toBeLessThan(5);
    // FaceMesh and FaceRes ran once each for all 8 faces (well-aligned crops need no second FaceMesh pass).
    expect(log.batches.landmarks).toEqual([samples.length]);
    expect(log.batches.identity).toEqual([samples.length]);
  });

  it('detects a face placed off-centre, rotated and scaled in a larger image and aligns it onto the template', async () => {
    const placements = [similarity(0, 1, 170, 90), similarity(-15, 0.8, 30, 40), similarity(12, 1.6, 60, 30)];
    const errors: number[] = [];
    for (const [k, place] of placements.entries()) {
      const s = samples[2 * k];
      const d = described(await service.describeFace(paste([{ face: s.face, place }], 320, 240)));
      expect(d.route).toBe('detected');
      expect(d.detection?.faces).toBe(1);
      // Where the rendered face's true landmarks land after our alignment, in 112-template pixels.
      const m = estimateArcFaceAlignment(d.landmarks5, 112);
      const truth = s.face.landmarks5.map(([x, y]) => point2<SourcePx>(place[0] * x + place[1] * y + place[2], place[3] * x + place[4] * y + place[5]));
      errors.push(avg(truth.map((p, j) => Math.hypot(applyAffine(m, p)[0] - ARCFACE_TEMPLATE_112[j][0], applyAffine(m, p)[1] - ARCFACE_TEMPLATE_112[j][1]))));
    }
    console.log(`[face-stack service] pasted faces (${errors.length}, scale 0.8–1.6, roll ±15°): true 5 points after alignment vs template mean ${avg(errors).toFixed(2)} px, max ${Math.max(...errors).toFixed(2)} px`);
    expect(avg(errors)).toBeLessThan(3.5);
    expect(Math.max(...errors)).toBeLessThan(5);
  });

  it('uses the largest of several faces and says so', async () => {
    const two = paste([{ face: samples[0].face, place: similarity(0, 0.7, 10, 60) }, { face: samples[2].face, place: similarity(0, 1.3, 150, 40) }], 320, 240);
    const d = described(await service.describeFace(two));
    expect(d.warning).toMatch(/more than one face/);
    expect(d.detection!.box.xMin).toBeGreaterThan(120);
  });

  it('scores the same identity above different identities (centred on the lazily computed renderer mean)', async () => {
    const mean = await service.descriptorMean();
    expect(await service.descriptorMean()).toBe(mean);
    const same: number[] = [];
    const different: number[] = [];
    for (let i = 0; i < samples.length; i++)
      for (let j = i + 1; j < samples.length; j++) {
        const score = service.identitySimilarity(described(aligned[i]).descriptor, described(aligned[j]).descriptor, mean);
        expect(score).toMatchObject({ model: FACE_STACK_IDENTITY_MODEL.label, centred: true });
        (samples[i].identity === samples[j].identity ? same : different).push(score.value);
      }
    const raw = service.identitySimilarity(described(aligned[0]).descriptor, described(aligned[2]).descriptor);
    console.log(
      `[face-stack service] ${FACE_STACK_IDENTITY_MODEL.label} centred cosine: same identity ${avg(same).toFixed(3)} (${same.length} pairs), ` +
        `different ${avg(different).toFixed(3)} (${different.length} pairs); one uncentred different pair ${raw.value.toFixed(3)}`,
    );
    expect(raw.centred).toBe(false);
    expect(avg(same)).toBeGreaterThan(avg(different) + 0.2);
  });

  it('reports "no face found" on a blank image and "too small" on a 20×20 image', async () => {
    const blank = { rgba: new Uint8ClampedArray(256 * 256 * 4).fill(200), width: 256, height: 256 };
    const none = await service.describeFace(blank);
    expect(none).toMatchObject({ code: 'face/not-found', error: expect.stringMatching(/no face found \(best detector score 0\.\d\d/) });
    expect(await service.describeFace(blank, { aligned: true })).toMatchObject({ code: 'face/not-found' });
    const tiny = await service.describeFace({ rgba: new Uint8ClampedArray(20 * 20 * 4), width: 20, height: 20 });
    expect(tiny).toMatchObject({ code: 'face/too-small', error: expect.stringMatching(/too small/) });
  });

  it('scores encoded image pairs, reporting undecodable ones per pair', async () => {
    const png = (f: AlignedFace) => encodePng(f.rgba, f.width, f.height);
    const scores = await scoreFacePairs(service, [
      { faceId: 'same', a: png(samples[0].face), b: png(samples[1].face), aligned: true },
      { faceId: 'broken', a: png(samples[0].face), b: new Uint8Array([1, 2, 3]), aligned: true },
    ]);
    expect(scores[0]).toMatchObject({ faceId: 'same', model: FACE_STACK_IDENTITY_MODEL.label, centred: true });
    expect(scores[0].value).toBeGreaterThan(0.2);
    expect(scores[1]).toMatchObject({ faceId: 'broken', code: 'face/undecodable', error: expect.stringMatching(/^b: /) });
  });
});
