/**
 * Measurements of the converted face stack on the synthetic renderer's ArcFace-aligned 112 crops, printed for
 * the record (CI log), through src/bench/rendererFigures.ts (which `npm run bench` runs on 100 identities × 5
 * variations): FaceMesh 5-point error against the template, and FaceRes verification AUC through the full chain
 * (FaceMesh → 5 points → Umeyama onto template ×2 → FaceRes 224); and BlazeFace → FaceMesh on crops pasted at a
 * known place and scale into a larger image. Small sets here (20 × 3) to keep CI time modest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { measureRendererFigures, formatRendererFigures, type FaceStackBatchRun, type RendererFigures } from '../../bench/rendererFigures';
import { ARCFACE_TEMPLATE_112 } from '../../engine/face/arcFaceTemplate';
import { affine2x3, type SourcePx } from '../../engine/face/coordinateSpaces';
import { warpAffineBilinear } from '../../engine/face/warpAffineBilinear';
import { blazeFaceInput } from '../../engine/facestack/blazeFaceInput';
import { decodeBlazeFace, detectionToSource } from '../../engine/facestack/decodeBlazeFace';
import type { ImageU8 } from '../../engine/face/imageRaster';
import { faceMeshInput, meshToSource, squareBoxAround } from '../../engine/facestack/faceMeshInput';
import { BLAZEFACE, FACEMESH } from '../../engine/facestack/faceStackModels';
import { landmarksTo5Points } from '../../engine/facestack/landmarksTo5Points';
import { averageIdentity, generateIdentitySet, renderAlignedFace } from '../../engine/render';
import { loadFaceStack, runComponent } from './faceStackSessions.test-util';

const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

let stack: Awaited<ReturnType<typeof loadFaceStack>>;
let figures: RendererFigures;
let identityIgnored: RendererFigures;

beforeAll(async () => {
  stack = await loadFaceStack();
  const run: FaceStackBatchRun = (component, input, shape) => runComponent(stack[component], input, shape);
  figures = await measureRendererFigures(run, { identities: 20, variations: 3, identitySeedBase: 2026 });
  // A broken renderer that ignores the identity parameters: every face drawn as the average identity, with
  // each image's own variation. The AUC must drop to about chance, so the bound below means something.
  identityIgnored = await measureRendererFigures(run, {
    identities: 10,
    variations: 3,
    identitySeedBase: 2026,
    mapFace: (f) => ({ ...f, ...renderAlignedFace(averageIdentity(), f.params.variation, f.width) }),
  });
}, 900_000);

describe('face stack on renderer images', () => {
  it('FaceMesh 5 points land within 2 px (mean) of the ArcFace template on aligned 112 crops', () => {
    console.log(`[face-stack] ${formatRendererFigures(figures)}`);
    expect(figures.meanLandmarkErrorPx).toBeLessThan(2);
  });

  it('FaceRes separates identities (verification AUC); an identity-blind renderer does not', () => {
    console.log(`[face-stack] identity parameters ignored: AUC ${identityIgnored.verificationAuc.toFixed(4)} on ${identityIgnored.genuinePairs} genuine / ${identityIgnored.impostorPairs} impostor pairs`);
    expect(figures.verificationAuc).toBeGreaterThan(0.85);
    expect(identityIgnored.verificationAuc).toBeLessThan(0.7);
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
    for (const f of generateIdentitySet({ identities: 4, variations: 1, identitySeedBase: 2026 })) {
      const crop: ImageU8 = { data: f.rgba, width: f.width, height: f.height, channels: 4 };
      for (const { scale, x, y } of placements) {
        const toImage = affine2x3<'CropPx', SourcePx>([scale, 0, x, 0, scale, y]);
        const image = warpAffineBilinear(crop, toImage, 400, 300);
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
