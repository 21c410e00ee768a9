/**
 * Enhances one face with an Arc2Face-type pack: identity embedding of the face (or its identity's mean),
 * optional SLERP variation towards another image of the identity, realism offset λΔ, DPM-Solver++ sampling
 * (or another scheduler), optionally img2img from the synthetic image, and VAE decode. Models run through
 * the pack's sessions; the engine pipeline does the rest.
 */
import { resizeRgba } from '../../engine/image/resizeBilinear';
import type { ImageU8 } from '../../engine/face/imageRaster';
import { identityEmbedding, latentPreview, runDigi2Real, type Digi2RealPack, type FloatTensor, type LatentOps, type ModelRunner, type PreviewImage } from '../../engine/pipeline';
import { RUNNABLE_SCHEDULER_NAMES } from '../../engine/schedulers';
import { meanIdentityEmbedding } from '../../engine/conditioning/meanIdentityEmbedding';
import type { ProgressSink } from '../../engine/progress/progress';
import type { PackManifest } from '../../packs/manifest';
import type { EnhanceItem, ResultRealismOffset, TensorData } from '../protocol';
import { decodeImage } from '../workspace/decodeImage';
import { resolveRealismOffset, withRealismOffset } from '../calibration/attachedRealismOffset';

export interface Arc2FaceContext {
  packId: string;
  manifest: PackManifest;
  files: Map<string, Blob>;
  run: (component: string, feeds: Record<string, TensorData>) => Promise<Record<string, TensorData>>;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  jobId: string;
  /**
   * Finds and aligns the face in an image that is not already an aligned crop (photos, non-square images),
   * returning the 112×112 RGBA ArcFace crop; without it such images are refused.
   */
  alignFace?: (rgba: Uint8ClampedArray, width: number, height: number) => Promise<Uint8ClampedArray>;
  /**
   * The denoise loop's device-resident ops (runtime/residentLatentOps.ts: tensors stay on the UNet's
   * device, `deviceReads` counts read-backs); absent → the host schedulers over `run` (Node, tests).
   */
  latentOps?: () => Promise<(LatentOps<unknown> & { readonly deviceReads?: number }) | undefined>;
  /** Receives a cheap latent preview (no VAE) every `preview_every` steps. */
  onPreview?: (p: { step: number; image: PreviewImage }) => void;
}

/** Controls an Arc2Face pack understands (manifest `controls` inputs), with Arc2Face's defaults. */
export interface Arc2FaceControls {
  lambda: number;
  steps: number;
  guidance: number;
  img2img_strength: number;
  slerp_t: number;
  /** 0 = this image's embedding, 1 = the mean of the identity's images. */
  identity_mean: number;
  /** Index into RUNNABLE_SCHEDULER_NAMES; -1 = the pack's own scheduler class. */
  scheduler: number;
  /** Rotate the identity to this cosine similarity in a seeded random direction; 0 = off. */
  target_similarity: number;
  /** A latent preview every N denoise steps (0 = none); each costs one small read-back. */
  preview_every: number;
}

export function arc2faceControls(values: Record<string, number>): Arc2FaceControls {
  const v = (k: string, d: number) => (Number.isFinite(values[k]) ? values[k] : d);
  return {
    lambda: v('lambda', 0),
    steps: Math.max(1, Math.min(100, Math.round(v('steps', 25)))),
    guidance: v('guidance', 3),
    img2img_strength: Math.max(0, Math.min(1, v('img2img_strength', 0))),
    slerp_t: Math.max(0, Math.min(1, v('slerp_t', 0))),
    identity_mean: v('identity_mean', 0) >= 0.5 ? 1 : 0,
    scheduler: Math.round(v('scheduler', -1)),
    target_similarity: Math.max(0, Math.min(1, v('target_similarity', 0))),
    preview_every: Math.max(0, Math.round(v('preview_every', 0))),
  };
}

const packCache = new WeakMap<PackManifest, Promise<Digi2RealPack>>();
const embeddingCache = new Map<string, Float32Array>();

async function constant(ctx: Arc2FaceContext, name: string): Promise<Float32Array | undefined> {
  const spec = ctx.manifest.constants?.[name];
  if (!spec) return undefined;
  const blob = ctx.files.get(spec.file);
  if (!blob) throw new Error(`Pack "${ctx.packId}" constant "${name}" (${spec.file}) is missing`);
  return new Float32Array(await blob.arrayBuffer());
}

function packConstants(ctx: Arc2FaceContext): Promise<Digi2RealPack> {
  let p = packCache.get(ctx.manifest);
  if (!p) {
    p = (async () => {
      const pre = (ctx.manifest.preprocessing ?? {}) as { placeholderIndex?: number; scalingFactor?: number; realismSpace?: 'encoder-output' | 'id-vector' };
      const promptTokenEmbeddings = await constant(ctx, 'promptTokenEmbeddings');
      const uncondEmbedding = await constant(ctx, 'uncondEmbedding');
      if (!promptTokenEmbeddings || !uncondEmbedding) throw new Error(`Pack "${ctx.packId}" lacks the promptTokenEmbeddings/uncondEmbedding constants an Arc2Face pack needs`);
      return {
        promptTokenEmbeddings,
        uncondEmbedding,
        placeholderIndex: pre.placeholderIndex ?? 4,
        schedulerConfig: (ctx.manifest.scheduler ?? {}) as Record<string, unknown>,
        scalingFactor: pre.scalingFactor,
        realismDelta: await constant(ctx, 'realismDelta'),
        realismSpace: pre.realismSpace,
      };
    })();
    packCache.set(ctx.manifest, p);
    p.catch(() => packCache.delete(ctx.manifest));
  }
  return p;
}

function runner(ctx: Arc2FaceContext): ModelRunner {
  return {
    async run(component, feeds) {
      const plain: Record<string, TensorData> = {};
      for (const [k, t] of Object.entries(feeds)) plain[k] = { dims: [...t.dims], data: t.data };
      const out = await ctx.run(component, plain);
      const res: Record<string, FloatTensor> = {};
      for (const [k, t] of Object.entries(out)) res[k] = { dims: t.dims, data: t.data };
      return res;
    },
  };
}

async function decodeTo(blob: Blob, size: number, what: string): Promise<ImageU8> {
  const d = await decodeImage(new Uint8Array(await blob.arrayBuffer()), what);
  if (!d.ok) throw new Error(`${what} could not be decoded: ${d.reason}`);
  const r = d.width === size && d.height === size ? { rgba: d.rgba, width: size, height: size } : resizeRgba(d, size, size);
  return { data: r.rgba, width: size, height: size, channels: 4 };
}

/** The 112×112 ArcFace crop of a face: square inputs are aligned crops already; others go through the face stack. */
async function arcFaceCrop(ctx: Arc2FaceContext, faceId: string, source: Blob): Promise<ImageU8> {
  const d = await decodeImage(new Uint8Array(await source.arrayBuffer()), `face ${faceId}`);
  if (!d.ok) throw new Error(`face ${faceId} could not be decoded: ${d.reason}`);
  // DigiFace and studio-rendered faces are square crops aligned to the ArcFace template already.
  if (d.width === d.height) {
    const r = d.width === 112 ? { rgba: d.rgba } : resizeRgba(d, 112, 112);
    return { data: r.rgba, width: 112, height: 112, channels: 4 };
  }
  if (!ctx.alignFace) throw new Error(`face ${faceId} is ${d.width}×${d.height}, not an aligned square crop, and no face detector is available`);
  return { data: await ctx.alignFace(d.rgba, d.width, d.height), width: 112, height: 112, channels: 4 };
}

async function embedding(ctx: Arc2FaceContext, faceId: string, source: Blob, r: ModelRunner): Promise<Float32Array> {
  const key = `${ctx.packId}@${ctx.manifest.version}:${faceId}`;
  const hit = embeddingCache.get(key);
  if (hit) return hit;
  const crop = await arcFaceCrop(ctx, faceId, source);
  const e = await identityEmbedding(r, crop, { channelOrder: 'rgb' });
  if (embeddingCache.size > 20_000) embeddingCache.clear();
  embeddingCache.set(key, e);
  return e;
}

/**
 * The image of the identity that variation `variation` of `faceId` interpolates towards: the next member for
 * variation 0, the one after for variation 1, and so on, skipping the face itself. Variations of one face thus
 * move in different directions inside the identity, not only with different noise. Needs ≥ 2 members.
 */
export function slerpPartner<M extends { faceId: string }>(members: readonly M[], faceId: string, variation: number): M {
  const self = Math.max(0, members.findIndex((m) => m.faceId === faceId));
  const step = 1 + (Math.max(0, Math.floor(variation)) % (members.length - 1));
  return members[(self + step) % members.length];
}

/** One enhanced face, with how its denoise loop ran. */
export interface Arc2FaceOutput {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** Whole-latent device → host reads of the denoise loop: 1 + previews when resident. */
  readBacks: number;
  /** Where the loop's tensors lived: 'webgpu', 'wasm' (resident ops) or 'cpu' (host maths). */
  denoiseOn: string;
  /** Which Δ this image was made with, and λ (recorded per image: the pack's Δ may change later). */
  realismOffset: ResultRealismOffset;
}

export async function enhanceOneArc2Face(item: EnhanceItem, values: Record<string, number>, ctx: Arc2FaceContext): Promise<Arc2FaceOutput> {
  const c = arc2faceControls(values);
  // Δ: the calibration attached to this pack, else the pack's own constant (calibration/attachedRealismOffset).
  // At λ = 0 Δ has no effect, so it is not looked up: a stored calibration that no longer decodes must not
  // stop offset-free runs.
  const offset = c.lambda !== 0 ? await resolveRealismOffset(ctx.manifest, ctx.files) : undefined;
  const pack = withRealismOffset(await packConstants(ctx), offset);
  const r = runner(ctx);
  const pre = (ctx.manifest.preprocessing ?? {}) as { resolution?: number };
  const size = pre.resolution ?? 512;
  const members = item.members?.length ? item.members : [{ faceId: item.faceId, source: item.source }];
  const own = await embedding(ctx, item.faceId, item.source, r);
  let anchor = own;
  if (c.identity_mean && members.length > 1) {
    const all: Float32Array[] = [];
    for (const m of members) all.push(await embedding(ctx, m.faceId, m.source, r));
    anchor = meanIdentityEmbedding(all);
  }
  let partner: Float32Array | undefined;
  if (c.slerp_t > 0 && members.length > 1) {
    const next = slerpPartner(members, item.faceId, item.variation ?? 0);
    partner = await embedding(ctx, next.faceId, next.source, r);
  }
  const schedulerClass = c.scheduler >= 0 && c.scheduler < RUNNABLE_SCHEDULER_NAMES.length ? RUNNABLE_SCHEDULER_NAMES[c.scheduler] : undefined;
  const img2img = c.img2img_strength > 0 ? { image: await decodeTo(item.source, size, `face ${item.faceId}`), strength: c.img2img_strength } : undefined;
  const ops = await ctx.latentOps?.();
  const readsBefore = ops?.deviceReads ?? 0;
  const onPreview = ctx.onPreview;
  const result = await runDigi2Real({
    latentOps: ops,
    previewEvery: c.preview_every > 0 ? c.preview_every : undefined,
    onPreview: onPreview && c.preview_every > 0 ? (p) => onPreview({ step: p.step, image: latentPreview(p.latents) }) : undefined,
    jobId: ctx.jobId,
    runner: r,
    pack,
    identity: { kind: 'embedding', vector: anchor },
    seed: item.seed,
    steps: c.steps,
    guidance: c.guidance,
    schedulerClass: schedulerClass ?? ((ctx.manifest.scheduler as { _class_name?: string } | undefined)?._class_name as never),
    width: size,
    height: size,
    realismLambda: c.lambda,
    variation:
      partner || c.target_similarity > 0
        ? { b: partner, slerpT: partner ? c.slerp_t : undefined, targetSimilarity: c.target_similarity > 0 ? c.target_similarity : undefined }
        : undefined,
    img2img,
    signal: ctx.signal,
    onProgress: ctx.onProgress,
  });
  // The ops' own count (instrumented at their one read function) where there is one.
  const readBacks = ops?.deviceReads !== undefined ? ops.deviceReads - readsBefore : result.readBacks;
  const realismOffset: ResultRealismOffset = offset
    ? { lambda: c.lambda, source: offset.info.source, deltaSha256: offset.info.digest, space: offset.space }
    : { lambda: c.lambda, source: 'none' };
  return { rgba: result.rgba, width: result.width, height: result.height, readBacks, denoiseOn: ops?.name ?? 'cpu', realismOffset };
}
