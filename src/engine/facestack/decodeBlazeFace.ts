/**
 * @file Decodes BlazeFace's raw outputs into scored face boxes with 6 keypoints, then greedy non-maximum
 * suppression. Regressors are in input pixels relative to the anchor centre (face-tooling.md §1; Human
 * `blazeface.ts decodeBoxes`): box centre (dx, dy), size (w, h), then keypoints right eye, left eye, nose
 * tip, mouth centre, right ear tragion, left ear tragion (subject's right = image left).
 */
import { applyAffine, point2, type Affine2x3, type Point2 } from '../face/coordinateSpaces';
import { invertAffineTransform } from '../face/invertAffineTransform';
import { blazeFaceAnchors } from './blazeFaceAnchors';
import type { DetectorPx } from './blazeFaceInput';
import { BLAZEFACE } from './faceStackModels';

export interface FaceDetection<S extends string> {
  /** Sigmoid of the anchor's logit, 0..1. */
  score: number;
  /** Axis-aligned box in space S. */
  box: { xMin: number; yMin: number; xMax: number; yMax: number };
  /** 6 keypoints in space S (order in the file header). */
  keypoints: Point2<S>[];
}

export interface DecodeBlazeFaceOptions {
  /** Minimum score kept (default 0.5). */
  minScore?: number;
  /** IoU above which a lower-scored box is suppressed (default 0.3). */
  iouThreshold?: number;
  /** At most this many faces (default 10). */
  maxFaces?: number;
}

/** The detector's four outputs, flat, as named in `BLAZEFACE` (stride-16 then stride-32 anchors). */
export interface BlazeFaceOutputs {
  scores16: ArrayLike<number>;
  scores32: ArrayLike<number>;
  boxes16: ArrayLike<number>;
  boxes32: ArrayLike<number>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function iou(a: FaceDetection<string>['box'], b: FaceDetection<string>['box']): number {
  const w = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const h = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const area = (r: typeof a) => (r.xMax - r.xMin) * (r.yMax - r.yMin);
  return inter / (area(a) + area(b) - inter);
}

/** Decodes all anchors above `minScore` and suppresses overlaps; boxes in detector input pixels. */
export function decodeBlazeFace(out: BlazeFaceOutputs, options: DecodeBlazeFaceOptions = {}): FaceDetection<DetectorPx>[] {
  const { minScore = 0.5, iouThreshold = 0.3, maxFaces = 10 } = options;
  const anchors = blazeFaceAnchors(BLAZEFACE.inputSize);
  const n16 = out.scores16.length;
  if (n16 + out.scores32.length !== anchors.length / 2) {
    throw new Error(`decodeBlazeFace: expected ${anchors.length / 2} anchors in total, got ${n16} + ${out.scores32.length}`);
  }
  const candidates: FaceDetection<DetectorPx>[] = [];
  for (let a = 0; a < anchors.length / 2; a++) {
    const [scores, boxes, i] = a < n16 ? [out.scores16, out.boxes16, a] : [out.scores32, out.boxes32, a - n16];
    const score = sigmoid(scores[i]);
    if (score < minScore) continue;
    const ax = anchors[2 * a];
    const ay = anchors[2 * a + 1];
    const r = (k: number) => boxes[i * 16 + k];
    const cx = ax + r(0);
    const cy = ay + r(1);
    const keypoints: Point2<DetectorPx>[] = [];
    for (let k = 0; k < 6; k++) keypoints.push(point2<DetectorPx>(ax + r(4 + 2 * k), ay + r(5 + 2 * k)));
    candidates.push({ score, box: { xMin: cx - r(2) / 2, yMin: cy - r(3) / 2, xMax: cx + r(2) / 2, yMax: cy + r(3) / 2 }, keypoints });
  }
  candidates.sort((p, q) => q.score - p.score);
  const kept: FaceDetection<DetectorPx>[] = [];
  for (const c of candidates) {
    if (kept.length >= maxFaces) break;
    if (kept.every((k) => iou(k.box, c.box) <= iouThreshold)) kept.push(c);
  }
  return kept;
}

/** Maps a detection from detector input pixels to source pixels (`toInput` from blazeFaceInput). */
export function detectionToSource<S extends string>(d: FaceDetection<DetectorPx>, toInput: Affine2x3<S, DetectorPx>): FaceDetection<S> {
  const back = invertAffineTransform(toInput);
  const p0 = applyAffine(back, point2<DetectorPx>(d.box.xMin, d.box.yMin));
  const p1 = applyAffine(back, point2<DetectorPx>(d.box.xMax, d.box.yMax));
  return {
    score: d.score,
    box: { xMin: Math.min(p0[0], p1[0]), yMin: Math.min(p0[1], p1[1]), xMax: Math.max(p0[0], p1[0]), yMax: Math.max(p0[1], p1[1]) },
    keypoints: d.keypoints.map((p) => applyAffine(back, p)),
  };
}
