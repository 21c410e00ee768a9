/**
 * @file The realism-offset calibration job (method.md §a.2 Eq. 1) over two picked sets of images: decode,
 * find and align the face (112×112 images are aligned crops already), embed with the pack's ArcFace, map to
 * the chosen space (text encoder output τ(e), or the unit id vector), and keep running means. Files that
 * cannot be used are listed with the reason; the run goes on without them.
 */
import { RealismOffsetAccumulator, type CalibrationSet } from '../../engine/calibration/realismOffsetAccumulator';
import { realismOffsetSample, type EncoderConstants } from '../../engine/calibration/realismOffsetSample';
import { encodeRealismCalibration, makeRealismCalibration } from '../../engine/calibration/realismCalibrationFile';
import type { ImageU8 } from '../../engine/face/imageRaster';
import { resizeRgba } from '../../engine/image/resizeBilinear';
import { identityEmbedding, type FloatTensor, type ModelRunner } from '../../engine/pipeline';
import { throwIfAborted, yieldToEventLoop } from '../../engine/progress/abort';
import { ProgressTracker, type ProgressSink } from '../../engine/progress/progress';
import type { PackManifest } from '../../packs/manifest';
import type { TensorData } from '../protocol';
import { decodeImage, type RgbaImage } from '../workspace/decodeImage';
import { calibrationTarget } from './calibrationTarget';
import type { CalibrationRequest, CalibrationResult, CalibrationSkip } from './calibrationTypes';

/** The ArcFace crop size: images of exactly this size are taken as aligned, as everywhere in the studio. */
const ALIGNED_SIZE = 112;

export interface CalibrationContext {
  jobId: string;
  manifest: PackManifest;
  files: Map<string, Blob>;
  run: (component: string, feeds: Record<string, TensorData>) => Promise<Record<string, TensorData>>;
  /**
   * Detects and aligns the face in an image that is not an aligned crop (the built-in face stack): the
   * 112×112 RGBA crop, or why there is none. Absent → such images are skipped.
   */
  alignFace?: (image: RgbaImage) => Promise<{ crop: Uint8ClampedArray } | { reason: string }>;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  now?: () => Date;
}

function runnerOver(run: CalibrationContext['run']): ModelRunner {
  return {
    async run(component, feeds) {
      const plain: Record<string, TensorData> = {};
      for (const [k, t] of Object.entries(feeds)) plain[k] = { dims: [...t.dims], data: t.data };
      const out = await run(component, plain);
      const res: Record<string, FloatTensor> = {};
      for (const [k, t] of Object.entries(out)) res[k] = { dims: t.dims, data: t.data };
      return res;
    },
  };
}

async function encoderConstants(ctx: CalibrationContext): Promise<EncoderConstants> {
  const read = async (name: string) => {
    const spec = ctx.manifest.constants?.[name];
    const blob = spec && ctx.files.get(spec.file);
    if (!blob) throw new Error(`Pack "${ctx.manifest.id}" lacks the ${name} constant an Arc2Face pack needs`);
    return new Float32Array(await blob.arrayBuffer());
  };
  const pre = (ctx.manifest.preprocessing ?? {}) as { placeholderIndex?: number };
  return { promptTokenEmbeddings: await read('promptTokenEmbeddings'), uncondEmbedding: await read('uncondEmbedding'), placeholderIndex: pre.placeholderIndex ?? 4 };
}

/** The aligned 112×112 crop of one file, or why it cannot be used. */
async function alignedCrop(file: { name: string; blob: Blob }, squaresAreAligned: boolean, ctx: CalibrationContext): Promise<ImageU8 | string> {
  const d = await decodeImage(new Uint8Array(await file.blob.arrayBuffer()), file.name);
  if (!d.ok) return `not a usable image: ${d.reason}`;
  if (d.width === ALIGNED_SIZE && d.height === ALIGNED_SIZE) return { data: d.rgba, width: ALIGNED_SIZE, height: ALIGNED_SIZE, channels: 4 };
  if (squaresAreAligned && d.width === d.height) {
    return { data: resizeRgba(d, ALIGNED_SIZE, ALIGNED_SIZE).rgba, width: ALIGNED_SIZE, height: ALIGNED_SIZE, channels: 4 };
  }
  if (!ctx.alignFace) return `${d.width}×${d.height} is not an aligned ${ALIGNED_SIZE}×${ALIGNED_SIZE} crop, and no face detector is available`;
  const a = await ctx.alignFace(d);
  if ('reason' in a) return a.reason;
  return { data: a.crop, width: ALIGNED_SIZE, height: ALIGNED_SIZE, channels: 4 };
}

/** @throws AbortError when cancelled; RangeError when a set ends up with no usable image */
export async function calibrateRealismOffset(req: CalibrationRequest, ctx: CalibrationContext): Promise<CalibrationResult> {
  const target = calibrationTarget(ctx.manifest);
  const encoder = await encoderConstants(ctx);
  const runner = runnerOver(ctx.run);
  const preprocessing = { channelOrder: ((ctx.manifest.preprocessing as { arcface?: { channelOrder?: 'rgb' | 'bgr' } } | undefined)?.arcface?.channelOrder ?? 'rgb') };
  const squares = req.squaresAreAligned ?? { real: false, synthetic: true };
  const shape = target.shapes[req.space];
  const acc = new RealismOffsetAccumulator(shape.reduce((a, b) => a * b, 1));
  const skipped: CalibrationSkip[] = [];
  // No sink on the tracker: each report is forwarded with the file's name as its detail.
  const tracker = new ProgressTracker(ctx.jobId, 'calibrate', req.real.length + req.synthetic.length, undefined);
  ctx.onProgress?.(tracker.report(0));
  let done = 0;
  const sets: [CalibrationSet, CalibrationRequest['real']][] = [['real', req.real], ['synthetic', req.synthetic]];
  for (const [set, files] of sets) {
    for (const file of files) {
      throwIfAborted(ctx.signal);
      const crop = await alignedCrop(file, squares[set], ctx);
      throwIfAborted(ctx.signal);
      if (typeof crop === 'string') skipped.push({ set, name: file.name, reason: crop });
      else {
        const e = await identityEmbedding(runner, crop, preprocessing);
        acc.add(set, await realismOffsetSample(e, req.space, encoder, runner));
      }
      ctx.onProgress?.({ ...tracker.report(++done), detail: file.name });
      // Lets a cancel message through between files.
      await yieldToEventLoop();
    }
  }
  const count = (set: CalibrationSet) => skipped.filter((s) => s.set === set).length;
  const cal = makeRealismCalibration({
    pack: { id: target.pack.id, version: target.pack.version, components: target.pack.components },
    space: req.space,
    shape,
    delta: acc.delta(),
    counts: { real: acc.count('real'), synthetic: acc.count('synthetic') },
    skipped: { real: count('real'), synthetic: count('synthetic') },
    createdAt: (ctx.now ?? (() => new Date()))(),
  });
  return { file: encodeRealismCalibration(cal), header: cal.header, skipped };
}
