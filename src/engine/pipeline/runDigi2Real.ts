/**
 * @file The whole Digi2Real chain for one output image (method.md §a.2, §c): identity vector (one
 * embedding, or the mean of an identity's embeddings/crops) → variation (SLERP / rotation) →
 * conditioning with the realism offset → denoise (txt2img, or img2img from the synthetic image) → decode.
 */
import type { RealismOffsetSpace } from '../conditioning/applyRealismOffset';
import { meanIdentityEmbedding } from '../conditioning/meanIdentityEmbedding';
import type { ImageU8 } from '../face/imageRaster';
import { throwIfAborted } from '../progress/abort';
import { ProgressTracker, type ProgressSink } from '../progress/progress';
import type { RunnableSchedulerName } from '../schedulers';
import { buildConditioning } from './buildConditioning';
import { decodeLatents, SD_VAE_SCALE, SD_VAE_SCALING_FACTOR } from './decodeLatents';
import { denoise, type DenoisePreview } from './denoise';
import { encodeImage } from './encodeImage';
import type { ArcFacePreprocessing } from './identityEmbedding';
import type { LatentOps } from './latentOps';
import { meanIdentityFromCrops } from './meanIdentityFromCrops';
import type { FloatTensor, ModelRunner } from './modelRunner';
import { variationIdVector } from './variationIdVector';

/** Where the identity comes from; several vectors/crops are averaged (normalise, mean, normalise). */
export type IdentitySource =
  | { readonly kind: 'embedding'; readonly vector: Float32Array }
  | { readonly kind: 'embeddings'; readonly vectors: readonly Float32Array[] }
  | { readonly kind: 'crops'; readonly crops: readonly ImageU8[]; readonly preprocessing?: ArcFacePreprocessing };

/** What a model pack supplies (constants computed offline; method.md §b.3–b.4). */
export interface Digi2RealPack {
  /** token_embedding("photo of a id person") [77×H]. */
  readonly promptTokenEmbeddings: Float32Array;
  /** Placeholder row(s), 4 for SD1.5. */
  readonly placeholderIndex: number | readonly number[];
  /** τ("") [77×C]. */
  readonly uncondEmbedding: Float32Array;
  /** scheduler_config.json (text or parsed). */
  readonly schedulerConfig: string | Readonly<Record<string, unknown>>;
  /** VAE scaling_factor; default 0.18215. */
  readonly scalingFactor?: number;
  /** Realism Δ and the space it was measured in. */
  readonly realismDelta?: Float32Array;
  readonly realismSpace?: RealismOffsetSpace;
}

export interface Digi2RealParams {
  /** Latent noise seed, integer in [0, 2^53). */
  readonly seed: number;
  /** Default 25 (Arc2Face). */
  readonly steps?: number;
  /** Default 3 (Arc2Face); ≤ 1 disables CFG. */
  readonly guidance?: number;
  /** Default DPMSolverMultistepScheduler, as Arc2Face. */
  readonly schedulerClass?: RunnableSchedulerName;
  /** Output size in pixels, multiples of 8; default 512×512. */
  readonly width?: number;
  readonly height?: number;
  /** λ; default 0 (plain Arc2Face). */
  readonly realismLambda?: number;
  readonly variation?: {
    /** Second SLERP endpoint: a vector, or an index into the identity's own vectors/crops. */
    readonly b?: Float32Array | number;
    readonly slerpT?: number;
    readonly targetSimilarity?: number;
    /** Default: the image seed (decorrelated internally). */
    readonly seed?: number;
  };
  /** img2img from the synthetic image (already width×height, RGB(A)). */
  readonly img2img?: { readonly image: ImageU8; readonly strength: number };
}

export interface Digi2RealJob extends Digi2RealParams {
  readonly jobId?: string;
  readonly runner: ModelRunner;
  readonly pack: Digi2RealPack;
  readonly identity: IdentitySource;
  readonly signal?: AbortSignal;
  /** Phases: 'identity', 'conditioning', 'encode' (img2img), 'step', 'decode'. */
  readonly onProgress?: ProgressSink;
  readonly previewEvery?: number;
  readonly onPreview?: (p: DenoisePreview) => void;
  /** Device-side loop ops (WebGPU); default CPU over `runner`. */
  readonly latentOps?: LatentOps<unknown>;
  readonly now?: () => number;
}

/** Clonable record of what produced the image (no big arrays). */
export interface Digi2RealParamsRecord {
  readonly seed: number;
  readonly steps: number;
  readonly stepsRun: number;
  readonly guidance: number;
  readonly scheduler: RunnableSchedulerName;
  readonly width: number;
  readonly height: number;
  readonly identity: { readonly kind: IdentitySource['kind']; readonly count: number };
  readonly realism: { readonly lambda: number; readonly space: RealismOffsetSpace | null; readonly applied: boolean };
  readonly variation: { readonly slerpT: number | null; readonly targetSimilarity: number | null; readonly seed: number | null };
  readonly img2imgStrength: number | null;
}

export interface Digi2RealTimings {
  readonly identityMs: number;
  readonly conditioningMs: number;
  readonly encodeMs: number;
  readonly denoiseMs: number;
  readonly decodeMs: number;
  readonly totalMs: number;
}

export interface Digi2RealResult {
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly params: Digi2RealParamsRecord;
  readonly timings: Digi2RealTimings;
  /** Latent read-backs of the denoise loop: 1 + previews. */
  readonly readBacks: number;
  /** The unit id vector injected into the prompt [D]. */
  readonly idVector: Float32Array;
  readonly schedulerWarnings: readonly string[];
}

async function resolveIdentity(job: Digi2RealJob): Promise<{ anchor: Float32Array; members: readonly Float32Array[] }> {
  const id = job.identity;
  switch (id.kind) {
    case 'embedding':
      return { anchor: id.vector, members: [id.vector] };
    case 'embeddings':
      return { anchor: meanIdentityEmbedding(id.vectors), members: id.vectors };
    case 'crops': {
      const { mean, each } = await meanIdentityFromCrops(job.runner, id.crops, id.preprocessing, job.signal);
      return { anchor: mean, members: each };
    }
  }
}

/** One output image. @throws AbortError, NonFiniteLatentsError, RangeError (bad sizes/params), ModelOutputError */
export async function runDigi2Real(job: Digi2RealJob): Promise<Digi2RealResult> {
  const now = job.now ?? (() => performance.now());
  const jobId = job.jobId ?? '';
  const steps = job.steps ?? 25;
  const guidance = job.guidance ?? 3;
  const width = job.width ?? 512;
  const height = job.height ?? 512;
  const scalingFactor = job.pack.scalingFactor ?? SD_VAE_SCALING_FACTOR;
  if (width % SD_VAE_SCALE !== 0 || height % SD_VAE_SCALE !== 0 || width <= 0 || height <= 0) {
    throw new RangeError(`width and height must be positive multiples of ${SD_VAE_SCALE}, got ${width}×${height}`);
  }
  if (job.img2img && (job.img2img.image.width !== width || job.img2img.image.height !== height)) {
    throw new RangeError(`img2img image is ${job.img2img.image.width}×${job.img2img.image.height}, output is ${width}×${height}: resize it first`);
  }
  const phase = (name: string) => new ProgressTracker(jobId, name, 1, job.onProgress, now);
  const t0 = now();
  throwIfAborted(job.signal);

  // Identity and variation.
  const idPhase = phase('identity');
  idPhase.report(0);
  const { anchor, members } = await resolveIdentity(job);
  const v = job.variation;
  let b: Float32Array | undefined;
  if (typeof v?.b === 'number') {
    b = members[v.b];
    if (!b) throw new RangeError(`variation.b index ${v.b} outside the identity's ${members.length} embeddings`);
  } else b = v?.b;
  const idVector = variationIdVector({ a: anchor, b, slerpT: v?.slerpT, targetSimilarity: v?.targetSimilarity, seed: v?.seed ?? job.seed });
  idPhase.report(1);
  const t1 = now();

  // Conditioning.
  throwIfAborted(job.signal);
  const condPhase = phase('conditioning');
  condPhase.report(0);
  const lambda = job.realismLambda ?? 0;
  const space = job.pack.realismSpace ?? 'encoder-output';
  const conditioning = await buildConditioning({
    idVector,
    promptTokenEmbeddings: job.pack.promptTokenEmbeddings,
    placeholderIndex: job.pack.placeholderIndex,
    uncondEmbedding: job.pack.uncondEmbedding,
    realism: { delta: job.pack.realismDelta, lambda, space },
    runner: job.runner,
  });
  condPhase.report(1);
  const t2 = now();

  // img2img init latents.
  let latents0: FloatTensor | undefined;
  if (job.img2img) {
    throwIfAborted(job.signal);
    const encPhase = phase('encode');
    encPhase.report(0);
    latents0 = await encodeImage(job.runner, job.img2img.image, scalingFactor);
    encPhase.report(1);
  }
  const t3 = now();

  const res = await denoise<unknown>({
    runner: job.runner,
    latentOps: job.latentOps,
    schedulerConfig: job.pack.schedulerConfig,
    schedulerClass: job.schedulerClass ?? 'DPMSolverMultistepScheduler',
    steps,
    guidance,
    seed: job.seed,
    cond: conditioning.cond,
    uncond: conditioning.uncond,
    latentShape: [1, 4, height / SD_VAE_SCALE, width / SD_VAE_SCALE],
    img2img: latents0 && job.img2img ? { latents0, strength: job.img2img.strength } : undefined,
    signal: job.signal,
    onProgress: job.onProgress,
    jobId,
    previewEvery: job.previewEvery,
    onPreview: job.onPreview,
    now,
  });
  const t4 = now();

  throwIfAborted(job.signal);
  const decPhase = phase('decode');
  decPhase.report(0);
  const image = await decodeLatents(job.runner, res.latents, scalingFactor);
  decPhase.report(1);
  const t5 = now();

  return {
    rgba: image.rgba,
    width: image.width,
    height: image.height,
    seed: job.seed,
    params: {
      seed: job.seed,
      steps,
      stepsRun: res.stepsRun,
      guidance,
      scheduler: res.schedulerClass,
      width: image.width,
      height: image.height,
      identity: { kind: job.identity.kind, count: members.length },
      realism: { lambda, space: job.pack.realismDelta ? space : null, applied: job.pack.realismDelta !== undefined && lambda !== 0 },
      variation: { slerpT: b ? v?.slerpT ?? 0 : null, targetSimilarity: v?.targetSimilarity ?? null, seed: v?.targetSimilarity !== undefined && v.targetSimilarity < 1 ? v.seed ?? job.seed : null },
      img2imgStrength: job.img2img?.strength ?? null,
    },
    timings: { identityMs: t1 - t0, conditioningMs: t2 - t1, encodeMs: t3 - t2, denoiseMs: t4 - t3, decodeMs: t5 - t4, totalMs: t5 - t0 },
    readBacks: res.readBacks,
    idVector: conditioning.injectedId,
    schedulerWarnings: res.schedulerWarnings,
  };
}
