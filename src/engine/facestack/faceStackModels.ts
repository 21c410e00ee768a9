/**
 * @file Names, sizes and provenance of the built-in face stack's three models, shared by the pack builder
 * (src/packs/builtin/faceStackPack.ts) and the code that feeds and reads them, so both agree on every name.
 * Source: `@vladmandic/human@3.3.6` `models/{blazeface,facemesh,faceres}.json` (face-tooling.md §1, §7).
 */

/** Version of the npm package the weights are converted from (pinned in package.json devDependencies). */
export const HUMAN_PACKAGE = '@vladmandic/human';
export const HUMAN_VERSION = '3.3.6';

/** BlazeFace "back" detector: NHWC RGB 256×256 in [−1, 1]; 896 anchors split 512 (stride 16) + 384 (stride 32). */
export const BLAZEFACE = {
  modelFile: 'blazeface',
  inputSize: 256,
  input: 'image',
  /** Score logits per anchor, stride-16 grid (16×16×2 anchors) and stride-32 grid (8×8×6). */
  scores16: 'scores_stride16',
  scores32: 'scores_stride32',
  /** 16 regressors per anchor: box centre dx, dy, width, height, then 6 keypoints (x, y), input pixels relative to the anchor centre. */
  boxes16: 'boxes_stride16',
  boxes32: 'boxes_stride32',
} as const;

/** MediaPipe FaceMesh: NHWC RGB 192×192 in [0, 1] → 468 × (x, y, z) in crop pixels, plus a face-presence probability. */
export const FACEMESH = {
  modelFile: 'facemesh',
  inputSize: 192,
  input: 'image',
  mesh: 'mesh',
  faceFlag: 'face_flag',
  contours: 'contours',
  points: 468,
} as const;

/** HSE FaceRes (MobileNet, VGGFace2): NHWC 224×224 BGR minus VGG means → 1024-d identity descriptor (+ gender, age). */
export const FACERES = {
  modelFile: 'faceres',
  inputSize: 224,
  input: 'image',
  descriptor: 'descriptor',
  gender: 'gender',
  age: 'age',
  descriptorSize: 1024,
} as const;

/** How the UI names the identity model next to every score. */
export const FACE_STACK_IDENTITY_MODEL = {
  id: `hse-faceres@human-${HUMAN_VERSION}`,
  label: `HSE FaceRes via Human ${HUMAN_VERSION}`,
} as const;
