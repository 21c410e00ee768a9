/**
 * The calibration job and the attached Δ on the arc2face-tiny pack, against a reference computed here with
 * onnxruntime-web directly (own ArcFace preprocessing, own placeholder injection, float64 means).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { encode } from 'fast-png';
import { buildArc2FaceTinyPack } from '../../packs/builtin/arc2faceTinyPack';
import type { AssembledPack } from '../../packs/assemblePack';
import { renderAlignedFace, identityParamsFromSeed, variationParamsFromSeed } from '../../engine/render';
import { decodeRealismCalibration } from '../../engine/calibration/realismCalibrationFile';
import { enhanceOneArc2Face, type Arc2FaceContext } from '../enhance/enhanceArc2Face';
import type { TensorData } from '../protocol';
import { calibrateRealismOffset, type CalibrationContext } from './calibrateRealismOffset';
import { attachRealismCalibration, attachedRealismCalibrationFile, detachRealismCalibration, resolveRealismOffset } from './attachedRealismOffset';

let pack: AssembledPack;
let files: Map<string, Blob>;
const sessions = new Map<string, ort.InferenceSession>();

async function session(component: string): Promise<ort.InferenceSession> {
  let s = sessions.get(component);
  if (!s) {
    s = await ort.InferenceSession.create(pack.files.get(pack.manifest.components[component].file)!);
    sessions.set(component, s);
  }
  return s;
}

async function run(component: string, feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
  const out = await (await session(component)).run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)])));
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { dims: [...t.dims], data: t.data as Float32Array }]));
}

function png(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  return encode({ width, height, data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), channels: 4, depth: 8 });
}

const face = (id: number, v: number) => renderAlignedFace(identityParamsFromSeed(id), variationParamsFromSeed(v), 112, 1);
const file = (name: string, bytes: Uint8Array) => ({ name, blob: new Blob([bytes as BlobPart], { type: 'image/png' }) });

/** Independent reference: ArcFace on (p − 127.5)/127.5 NCHW RGB, unit vector, row 4 of the prompt, τ; float64 means. */
async function referenceDelta(real: Uint8ClampedArray[], synth: Uint8ClampedArray[], space: 'encoder-output' | 'id-vector'): Promise<Float64Array> {
  const tokens = new Float32Array(await files.get(pack.manifest.constants!.promptTokenEmbeddings.file)!.arrayBuffer());
  const hidden = tokens.length / 77;
  const sample = async (rgba: Uint8ClampedArray): Promise<Float64Array> => {
    const x = new Float32Array(3 * 112 * 112);
    for (let i = 0; i < 112 * 112; i++) for (let c = 0; c < 3; c++) x[c * 112 * 112 + i] = (rgba[i * 4 + c] - 127.5) / 127.5;
    const e = (await run('arcface', { input: { dims: [1, 3, 112, 112], data: x } })).embedding.data;
    const n = Math.hypot(...e);
    const u = Float64Array.from(e, (v) => v / n);
    if (space === 'id-vector') return u;
    const embeds = tokens.slice();
    for (let k = 0; k < hidden; k++) embeds[4 * hidden + k] = k < u.length ? u[k] : 0;
    return Float64Array.from((await run('textEncoder', { inputs_embeds: { dims: [1, 77, hidden], data: embeds } })).last_hidden_state.data);
  };
  const mean = async (set: Uint8ClampedArray[]) => {
    let m: Float64Array | undefined;
    for (const f of set) {
      const s = await sample(f);
      m ??= new Float64Array(s.length);
      s.forEach((v, i) => (m![i] += v / set.length));
    }
    return m!;
  };
  const r = await mean(real);
  const s = await mean(synth);
  return r.map((v, i) => v - s[i]);
}

const realFaces = [face(1, 1), face(2, 2), face(3, 3)];
const synthFaces = [face(21, 4), face(22, 5)];
let ctx: CalibrationContext;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  pack = await buildArc2FaceTinyPack();
  files = new Map([...pack.files].map(([k, v]) => [k, new Blob([v as BlobPart])]));
  ctx = { jobId: 'cal', manifest: pack.manifest, files, run, now: () => new Date('2026-11-28T05:30:00Z') };
}, 60_000);

describe('calibrateRealismOffset (arc2face-tiny)', () => {
  const request = (space: 'encoder-output' | 'id-vector') => ({
    space,
    real: [
      ...realFaces.map((f, i) => file(`real/${i}.png`, png(f.rgba, 112, 112))),
      file('real/notes.png', new TextEncoder().encode('not an image')),
      // Real photos are square but not aligned: without a detector this one is left out.
      file('real/photo.png', png(new Uint8Array(128 * 128 * 4).fill(200), 128, 128)),
    ],
    synthetic: synthFaces.map((f, i) => file(`synthetic/${i}.png`, png(f.rgba, 112, 112))),
  });

  it.each(['encoder-output', 'id-vector'] as const)('%s: Δ equals the onnxruntime reference; skipped files are listed', async (space) => {
    const progress: number[] = [];
    const r = await calibrateRealismOffset(request(space), { ...ctx, onProgress: (p) => progress.push(p.done) });
    const ref = await referenceDelta(realFaces.map((f) => f.rgba), synthFaces.map((f) => f.rgba), space);
    const back = decodeRealismCalibration(r.file);
    expect(back.header).toEqual(r.header);
    expect(r.header.shape).toEqual(space === 'id-vector' ? [16] : [77, 32]);
    expect(r.header.counts).toEqual({ real: 3, synthetic: 2 });
    expect(r.header.skipped).toEqual({ real: 2, synthetic: 0 });
    expect(r.header.pack).toMatchObject({ id: 'arc2face-tiny', components: { arcface: pack.manifest.components.arcface.sha256, textEncoder: pack.manifest.components.textEncoder.sha256 } });
    expect(r.skipped.map((s) => [s.set, s.name])).toEqual([['real', 'real/notes.png'], ['real', 'real/photo.png']]);
    expect(r.skipped[1].reason).toMatch(/128×128 is not an aligned 112×112 crop, and no face detector/);
    let maxErr = 0;
    ref.forEach((v, i) => (maxErr = Math.max(maxErr, Math.abs(v - back.delta[i]))));
    expect(maxErr).toBeLessThan(1e-5);
    expect(r.header.deltaNorm).toBeGreaterThan(1e-3);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  }, 60_000);

  it('uses the face detector for non-aligned images, and says why a set has no usable image', async () => {
    const seen: string[] = [];
    const withDetector: CalibrationContext = {
      ...ctx,
      alignFace: async (img) => {
        seen.push(`${img.width}×${img.height}`);
        return { reason: 'no face found (best detector score 0.02)' };
      },
    };
    await expect(calibrateRealismOffset(request('id-vector'), withDetector).then((r) => r.skipped[1].reason)).resolves.toBe('no face found (best detector score 0.02)');
    expect(seen).toEqual(['128×128']);
    await expect(calibrateRealismOffset({ ...request('id-vector'), synthetic: [] }, ctx)).rejects.toThrow(/each set \(real: 3, synthetic: 0\)/);
    const c = new AbortController();
    c.abort();
    await expect(calibrateRealismOffset(request('id-vector'), { ...ctx, signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
  }, 60_000);
});

describe('attached realism offset in enhancement', () => {
  const meanAbs = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

  it('λ = 0 equals no offset, λ = 1 uses the attached Δ; detaching restores the plain image', async () => {
    const cal = await calibrateRealismOffset(
      { space: 'encoder-output', real: realFaces.map((f, i) => file(`r${i}.png`, png(f.rgba, 112, 112))), synthetic: synthFaces.map((f, i) => file(`s${i}.png`, png(f.rgba, 112, 112))) },
      ctx,
    );
    const enhanceCtx: Arc2FaceContext = { packId: 'arc2face-tiny', manifest: pack.manifest, files, run, jobId: 'e' };
    const item = { faceId: 'x', seed: 3, source: file('x.png', png(face(5, 5).rgba, 112, 112)).blob };
    const controls = { steps: 2, guidance: 3 };
    const plain = await enhanceOneArc2Face(item, { ...controls, lambda: 1 }, enhanceCtx);
    expect(await resolveRealismOffset(pack.manifest, files)).toBeUndefined();

    const header = await attachRealismCalibration(pack.manifest, cal.file);
    expect(header.deltaSha256).toBe(cal.header.deltaSha256);
    expect(await attachedRealismCalibrationFile(pack.manifest)).toEqual(cal.file);
    const resolved = await resolveRealismOffset(pack.manifest, files);
    expect(resolved?.info).toMatchObject({ source: 'attached', space: 'encoder-output', digest: cal.header.deltaSha256 });
    const lambda0 = await enhanceOneArc2Face(item, { ...controls, lambda: 0 }, enhanceCtx);
    const lambda1 = await enhanceOneArc2Face(item, { ...controls, lambda: 1 }, enhanceCtx);
    expect(lambda0.rgba).toEqual(plain.rgba);
    // The tiny random UNet reacts weakly to its conditioning; any change shows Δ reached it.
    expect(meanAbs(lambda1.rgba, plain.rgba)).toBeGreaterThan(0.05);

    await detachRealismCalibration(pack.manifest);
    expect(await resolveRealismOffset(pack.manifest, files)).toBeUndefined();
    expect((await enhanceOneArc2Face(item, { ...controls, lambda: 1 }, enhanceCtx)).rgba).toEqual(plain.rgba);
  }, 120_000);

  it('refuses a calibration made for another pack, naming both', async () => {
    const cal = await calibrateRealismOffset({ space: 'id-vector', real: [file('r.png', png(realFaces[0].rgba, 112, 112))], synthetic: [file('s.png', png(synthFaces[0].rgba, 112, 112))] }, ctx);
    const other = { ...pack.manifest, id: 'arc2face-other' };
    await expect(attachRealismCalibration(other, cal.file)).rejects.toMatchObject({ code: 'calibration/wrong-pack' });
    const retrained = { ...pack.manifest, components: { ...pack.manifest.components, arcface: { ...pack.manifest.components.arcface, sha256: 'e'.repeat(64) } } };
    await expect(attachRealismCalibration(retrained, cal.file)).rejects.toThrow(/other weights .*differing: arcface/);
  }, 60_000);
});
