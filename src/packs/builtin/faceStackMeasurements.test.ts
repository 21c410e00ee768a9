/**
 * Measurements of the converted face stack on the synthetic renderer's ArcFace-aligned 112 crops, printed for
 * the record (CI log) with loose sanity bounds: FaceMesh 5-point error against the template, and FaceRes
 * verification AUC through the full chain (FaceMesh → 5 points → Umeyama onto template ×2 → FaceRes 224), and
 * BlazeFace → FaceMesh on crops pasted at a known place and scale into a larger image.
 * Small on purpose (20 identities × 3 variations) to keep CI time modest; indicative, not a benchmark.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { alignToArcFaceTemplate } from '../../engine/face/alignToArcFaceTemplate';
import { ARCFACE_TEMPLATE_112 } from '../../engine/face/arcFaceTemplate';
import { affine2x3, landmarks5, type SourcePx } from '../../engine/face/coordinateSpaces';
import { warpAffineBilinear } from '../../engine/face/warpAffineBilinear';
import { blazeFaceInput } from '../../engine/facestack/blazeFaceInput';
import { decodeBlazeFace, detectionToSource } from '../../engine/facestack/decodeBlazeFace';
import type { ImageU8 } from '../../engine/face/imageRaster';
import { centredCosine, meanEmbedding } from '../../engine/facestack/centredCosine';
import { alignedCropFaceBox, faceMeshInput, meshToSource, squareBoxAround } from '../../engine/facestack/faceMeshInput';
import { faceResInput } from '../../engine/facestack/faceResInput';
import { BLAZEFACE, FACEMESH, FACERES, FACE_STACK_IDENTITY_MODEL } from '../../engine/facestack/faceStackModels';
import { landmarksTo5Points } from '../../engine/facestack/landmarksTo5Points';
import { verificationAuc } from '../../engine/facestack/verificationAuc';
import { generateIdentitySet } from '../../engine/render';
import { loadFaceStack, runComponent, type FaceStackUnderTest } from './faceStackSessions.test-util';

const IDENTITIES = 20;
const VARIATIONS = 3;

interface Sample {
  identity: number;
  index: number;
  crop: ImageU8;
  meshError: number;
  descriptor: Float32Array;
  /** Descriptor of the crop upscaled with the renderer's own (ground-truth) alignment, for comparison. */
  descriptorKnown: Float32Array;
}

async function describeFace(identity: FaceStackUnderTest, crop224: ImageU8): Promise<Float32Array> {
  const out = await runComponent(identity, faceResInput(crop224), [1, FACERES.inputSize, FACERES.inputSize, 3]);
  return out[FACERES.descriptor].slice();
}

function pairs(samples: Sample[], pick: (s: Sample) => Float32Array, mean?: Float32Array): { genuine: number[]; impostor: number[] } {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < samples.length; i++)
    for (let j = i + 1; j < samples.length; j++) {
      const c = centredCosine(pick(samples[i]), pick(samples[j]), mean);
      (samples[i].identity === samples[j].identity ? genuine : impostor).push(c);
    }
  return { genuine, impostor };
}

const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

let samples: Sample[] = [];
let stack: Awaited<ReturnType<typeof loadFaceStack>>;

beforeAll(async () => {
  stack = await loadFaceStack();
  for (const face of generateIdentitySet({ identities: IDENTITIES, variations: VARIATIONS, identitySeedBase: 2026 })) {
    const crop: ImageU8 = { data: face.rgba, width: face.width, height: face.height, channels: 4 };
    const input = faceMeshInput(crop, alignedCropFaceBox(face.width));
    const out = await runComponent(stack.landmarks, input.tensor, [1, FACEMESH.inputSize, FACEMESH.inputSize, 3]);
    const five = landmarksTo5Points<SourcePx>(meshToSource(out[FACEMESH.mesh], input.toCrop));
    const meshError = avg(five.map((p, k) => Math.hypot(p[0] - ARCFACE_TEMPLATE_112[k][0], p[1] - ARCFACE_TEMPLATE_112[k][1])));
    const aligned = alignToArcFaceTemplate(crop, five, FACERES.inputSize).image;
    // The renderer's crop is itself the source image here, so the template is re-tagged as source pixels.
    const known = alignToArcFaceTemplate(crop, landmarks5<SourcePx>(ARCFACE_TEMPLATE_112), FACERES.inputSize).image;
    samples.push({
      identity: Number(face.identity),
      index: face.index,
      crop,
      meshError,
      descriptor: await describeFace(stack.identity, aligned),
      descriptorKnown: await describeFace(stack.identity, known),
    });
  }
}, 600_000);

describe('face stack on renderer images', () => {
  it('FaceMesh 5 points land near the ArcFace template on aligned 112 crops', () => {
    const errors = samples.map((s) => s.meshError);
    const mean = avg(errors);
    console.log(`[face-stack] FaceMesh 5-point error vs ArcFace template on ${errors.length} aligned 112 crops: mean ${mean.toFixed(2)} px, max ${Math.max(...errors).toFixed(2)} px`);
    expect(mean).toBeLessThan(4);
  });

  it('FaceRes separates identities (verification AUC)', () => {
    const firstHalf = samples.filter((s) => s.identity < IDENTITIES / 2);
    const secondHalf = samples.filter((s) => s.identity >= IDENTITIES / 2);
    const report = (label: string, pick: (s: Sample) => Float32Array) => {
      const raw = pairs(samples, pick);
      // Centre on the mean of the other half, so the evaluated faces never contribute to the mean.
      const centred = pairs(secondHalf, pick, meanEmbedding(firstHalf.map(pick)));
      const auc = verificationAuc(raw.genuine, raw.impostor);
      const aucCentred = verificationAuc(centred.genuine, centred.impostor);
      console.log(
        `[face-stack] ${FACE_STACK_IDENTITY_MODEL.label}, ${label}: AUC ${auc.toFixed(4)} on ${raw.genuine.length} genuine / ${raw.impostor.length} impostor pairs ` +
          `(cos genuine ${avg(raw.genuine).toFixed(3)}, impostor ${avg(raw.impostor).toFixed(3)}); centred on held-out mean: AUC ${aucCentred.toFixed(4)} ` +
          `(genuine ${avg(centred.genuine).toFixed(3)}, impostor ${avg(centred.impostor).toFixed(3)})`,
      );
      return auc;
    };
    const aucMesh = report('FaceMesh-aligned', (s) => s.descriptor);
    const aucKnown = report('ground-truth alignment', (s) => s.descriptorKnown);
    expect(aucMesh).toBeGreaterThan(0.6);
    expect(aucKnown).toBeGreaterThan(0.6);
  });

  it('BlazeFace finds a face pasted into a larger image, and FaceMesh in its box lands on the template', async () => {
    const placements = [
      { scale: 1, x: 150, y: 60 },
      { scale: 1.5, x: 40, y: 30 },
      { scale: 0.6, x: 200, y: 100 },
    ];
    const eyeErrors: number[] = [];
    const meshErrors: number[] = [];
    const scores: number[] = [];
    for (const s of samples.filter((x) => x.identity < 4 && x.index === 0)) {
      for (const { scale, x, y } of placements) {
        const toImage = affine2x3<'CropPx', SourcePx>([scale, 0, x, 0, scale, y]);
        const image = warpAffineBilinear(s.crop, toImage, 400, 300);
        const input = blazeFaceInput(image);
        const out = await runComponent(stack.detector, input.tensor, [1, BLAZEFACE.inputSize, BLAZEFACE.inputSize, 3]);
        const found = decodeBlazeFace({ scores16: out[BLAZEFACE.scores16], scores32: out[BLAZEFACE.scores32], boxes16: out[BLAZEFACE.boxes16], boxes32: out[BLAZEFACE.boxes32] });
        expect(found).toHaveLength(1);
        const face = detectionToSource(found[0], input.toInput);
        scores.push(face.score);
        const t = ARCFACE_TEMPLATE_112.map(([u, v]) => [scale * u + x, scale * v + y]);
        // BlazeFace keypoint 0 is the subject's right eye = the template's image-left eye; errors in 112-crop pixels.
        eyeErrors.push(Math.hypot(face.keypoints[0][0] - t[0][0], face.keypoints[0][1] - t[0][1]) / scale);
        const meshIn = faceMeshInput<SourcePx>(image, squareBoxAround(face.box, 1.5));
        const mesh = await runComponent(stack.landmarks, meshIn.tensor, [1, FACEMESH.inputSize, FACEMESH.inputSize, 3]);
        const five = landmarksTo5Points<SourcePx>(meshToSource(mesh[FACEMESH.mesh], meshIn.toCrop));
        meshErrors.push(avg(five.map((p, k) => Math.hypot(p[0] - t[k][0], p[1] - t[k][1]))) / scale);
      }
    }
    console.log(
      `[face-stack] BlazeFace on ${scores.length} pasted faces (scale 0.6–1.5): 1 face each, score min ${Math.min(...scores).toFixed(2)}; ` +
        `eye keypoint error mean ${avg(eyeErrors).toFixed(2)} px (112-crop px); BlazeFace box ×1.5 → FaceMesh 5-point error mean ${avg(meshErrors).toFixed(2)} px, max ${Math.max(...meshErrors).toFixed(2)} px`,
    );
    expect(avg(eyeErrors)).toBeLessThan(6);
    expect(avg(meshErrors)).toBeLessThan(5);
  }, 120_000);
});
