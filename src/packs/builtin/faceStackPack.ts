/**
 * Builds the `face-stack` pack: BlazeFace (detector), FaceMesh (landmarks) and HSE FaceRes (identity), converted
 * at `npm run models` time from the TFJS graph models of the pinned npm package `@vladmandic/human@3.3.6` by our
 * TFJS → ONNX converter (src/onnx/tfjs). Nothing converted is committed. Pre/post-processing lives in
 * src/engine/facestack; the recommended chain is face-tooling.md §7: FaceMesh → 5 points → Umeyama onto the
 * ArcFace template ×2 → FaceRes 224 (BGR − VGG means) → centred cosine.
 */
import { BLAZEFACE, FACEMESH, FACERES, FACE_STACK_IDENTITY_MODEL, HUMAN_PACKAGE, HUMAN_VERSION } from '../../engine/facestack/faceStackModels';
import { convertTfjsGraph, type ConvertedTfjsGraph, type TfjsGraphIo } from '../../onnx/tfjs/convertTfjsGraph';
import { parseTfjsModelJson, type TfjsModelJson } from '../../onnx/tfjs/tfjsModel';
import { assemblePack, type AssembledPack, type ComponentDraft } from '../assemblePack';
import { PACK_FORMAT, PACK_FORMAT_VERSION } from '../manifest';
import { sha256Hex } from '../sha256';
import type { ReadPackageFile } from './faceStackModelFiles';

export const FACE_STACK_PACK_ID = 'face-stack';

export type FaceStackComponent = 'detector' | 'landmarks' | 'identity';

/** Per component: the Human model file and how its TF tensors are named in the ONNX graph. */
export const FACE_STACK_MODELS: Record<FaceStackComponent, { modelFile: string; input: TfjsGraphIo; outputs: TfjsGraphIo[] }> = {
  detector: {
    modelFile: BLAZEFACE.modelFile,
    input: { tfName: 'input', name: BLAZEFACE.input, shape: [1, BLAZEFACE.inputSize, BLAZEFACE.inputSize, 3] },
    outputs: [
      // Identity/Identity_2 come from the 16×16 grid (2 anchors per cell), Identity_1/Identity_3 from the 8×8 grid (6 per cell).
      { tfName: 'Identity', name: BLAZEFACE.scores16, shape: [1, 512, 1] },
      { tfName: 'Identity_1', name: BLAZEFACE.scores32, shape: [1, 384, 1] },
      { tfName: 'Identity_2', name: BLAZEFACE.boxes16, shape: [1, 512, 16] },
      { tfName: 'Identity_3', name: BLAZEFACE.boxes32, shape: [1, 384, 16] },
    ],
  },
  landmarks: {
    modelFile: FACEMESH.modelFile,
    input: { tfName: 'input_1', name: FACEMESH.input, shape: ['batch', FACEMESH.inputSize, FACEMESH.inputSize, 3] },
    outputs: [
      { tfName: 'Identity_2', name: FACEMESH.mesh, shape: ['batch', FACEMESH.points * 3] },
      { tfName: 'Identity_1', name: FACEMESH.faceFlag, shape: ['batch', 1] },
      { tfName: 'Identity', name: FACEMESH.contours, shape: ['batch', 266] },
    ],
  },
  identity: {
    modelFile: FACERES.modelFile,
    input: { tfName: 'input_1', name: FACERES.input, shape: ['batch', FACERES.inputSize, FACERES.inputSize, 3] },
    outputs: [
      { tfName: 'global_pooling/Mean', name: FACERES.descriptor, shape: ['batch', FACERES.descriptorSize] },
      { tfName: 'gender_pred/Sigmoid', name: FACERES.gender, shape: ['batch', 1] },
      { tfName: 'age_pred/Softmax', name: FACERES.age, shape: ['batch', 100] },
    ],
  },
};

/** One source model as read from the package, with its file hashes for provenance. */
export interface FaceStackSource {
  component: FaceStackComponent;
  modelFile: string;
  json: TfjsModelJson;
  /** The weight shards concatenated in manifest order. */
  weights: Uint8Array;
  files: { path: string; sha256: string; bytes: number }[];
}

/** Reads and checks the three source models; refuses any package version other than the pinned one. */
export async function readFaceStackSources(readFile: ReadPackageFile): Promise<FaceStackSource[]> {
  const pkg = JSON.parse(new TextDecoder().decode(await readFile('package.json'))) as { version?: string };
  if (pkg.version !== HUMAN_VERSION) {
    throw new Error(`face-stack: expected ${HUMAN_PACKAGE}@${HUMAN_VERSION} (the version whose models were checked), found ${pkg.version}`);
  }
  const sources: FaceStackSource[] = [];
  for (const component of Object.keys(FACE_STACK_MODELS) as FaceStackComponent[]) {
    const { modelFile } = FACE_STACK_MODELS[component];
    const jsonPath = `models/${modelFile}.json`;
    const jsonBytes = await readFile(jsonPath);
    const json = parseTfjsModelJson(JSON.parse(new TextDecoder().decode(jsonBytes)), `${HUMAN_PACKAGE}/${jsonPath}`);
    const files = [{ path: jsonPath, sha256: await sha256Hex(jsonBytes), bytes: jsonBytes.byteLength }];
    const shards: Uint8Array[] = [];
    for (const group of json.weightsManifest) {
      for (const p of group.paths) {
        const bytes = await readFile(`models/${p}`);
        shards.push(bytes);
        files.push({ path: `models/${p}`, sha256: await sha256Hex(bytes), bytes: bytes.byteLength });
      }
    }
    const weights = new Uint8Array(shards.reduce((a, s) => a + s.byteLength, 0));
    shards.reduce((at, s) => (weights.set(s, at), at + s.byteLength), 0);
    sources.push({ component, modelFile, json, weights, files });
  }
  return sources;
}

/** Converts one source model to ONNX with the component's input/output names. */
export function convertFaceStackModel(source: FaceStackSource): ConvertedTfjsGraph {
  const spec = FACE_STACK_MODELS[source.component];
  return convertTfjsGraph(source.json, source.weights, {
    name: `face_stack_${source.component}`,
    inputs: [spec.input],
    outputs: spec.outputs,
    docString: `${HUMAN_PACKAGE}@${HUMAN_VERSION} models/${source.modelFile}.json (${source.json.generatedBy ?? 'unknown origin'}), converted by Digi2Real Studio src/onnx/tfjs`,
  });
}

/** Preprocessing contract per component, written into the manifest. */
const PREPROCESSING = {
  pipeline: [
    'detector (only when the face position is unknown): blazeFaceInput → decodeBlazeFace → squareBoxAround(box, 1.5)',
    'landmarks: faceMeshInput(image, box) → mesh → meshToSource → landmarksTo5Points (mesh 33/133, 362/263, 1, 61, 291)',
    'alignment: closed-form Umeyama onto the ArcFace template ×2 (arcFaceTemplateForSize(224)), bilinear warp, zero border',
    'identity: faceResInput(aligned 224 crop) → descriptor → centredCosine / identitySimilarity',
  ],
  detector: {
    input: `float32 [1, ${BLAZEFACE.inputSize}, ${BLAZEFACE.inputSize}, 3] NHWC RGB, x/127.5 − 1, square letterbox (zero border)`,
    outputs: 'score logits (sigmoid) and 16 regressors per anchor: box centre dx, dy, w, h, then 6 keypoints (x, y) — input pixels relative to the anchor centre',
    anchors: 'stride 16 × 2 anchors per cell (512) then stride 32 × 6 per cell (384), centres at stride·(i + 0.5), row-major',
    keypoints: ['right eye', 'left eye', 'nose tip', 'mouth centre', 'right ear tragion', 'left ear tragion'],
    code: 'src/engine/facestack/blazeFaceInput.ts, decodeBlazeFace.ts',
  },
  landmarks: {
    input: `float32 [batch, ${FACEMESH.inputSize}, ${FACEMESH.inputSize}, 3] NHWC RGB, x/255, square crop of the face box ×1.5 (Human uses ×1.4)`,
    outputs: { mesh: '468 × (x, y, z) in crop pixels', face_flag: 'face-present probability (sigmoid applied in the graph)', contours: '133 × (x, y) refined contour points' },
    fivePoints: { eyeImageLeft: [33, 133], eyeImageRight: [362, 263], noseTip: [1], mouthImageLeft: [61], mouthImageRight: [291] },
    code: 'src/engine/facestack/faceMeshInput.ts, landmarksTo5Points.ts',
  },
  identity: {
    input: `float32 [batch, ${FACERES.inputSize}, ${FACERES.inputSize}, 3] NHWC, ArcFace-aligned crop at 224 (template ×2), channels BGR minus [103.939, 116.779, 123.68]`,
    outputs: { descriptor: '1024-d identity descriptor (global_pooling/Mean, non-negative)', gender: 'sigmoid', age: 'softmax over 0..99 years' },
    similarity: 'centred cosine (subtract a reference mean descriptor from both); uncentred cosines of unrelated faces sit near 0.4',
    modelId: FACE_STACK_IDENTITY_MODEL.id,
    label: FACE_STACK_IDENTITY_MODEL.label,
    caveat: 'not comparable in absolute value with the ArcFace ID similarity reported by Arc2Face / Digi2Real; trained on VGGFace2 (web-scraped faces)',
    code: 'src/engine/facestack/faceResInput.ts, centredCosine.ts, identitySimilarity.ts',
  },
};

/**
 * @param readFile reads files of `@vladmandic/human` by path inside the package; default: node_modules (Node only)
 */
export async function buildFaceStackPack(readFile?: ReadPackageFile): Promise<AssembledPack> {
  const read = readFile ?? (await import('./faceStackModelFiles')).readHumanPackageFile;
  const sources = await readFaceStackSources(read);
  const files = new Map<string, Uint8Array>();
  const components: Record<string, ComponentDraft> = {};
  const provenance: Record<string, unknown> = {};
  for (const source of sources) {
    const converted = convertFaceStackModel(source);
    const file = `${source.component}.onnx`;
    files.set(file, converted.model);
    components[source.component] = { file, inputs: converted.inputs, outputs: converted.outputs, precision: converted.precision };
    provenance[source.component] = { package: `${HUMAN_PACKAGE}@${HUMAN_VERSION}`, files: source.files, tfjsOps: converted.opCounts };
  }
  return assemblePack(
    {
      format: PACK_FORMAT,
      formatVersion: PACK_FORMAT_VERSION,
      id: FACE_STACK_PACK_ID,
      name: `Face stack: BlazeFace, FaceMesh, HSE FaceRes (via Human ${HUMAN_VERSION})`,
      version: `${HUMAN_VERSION}-1`,
      kind: 'face-stack',
      description:
        'Face detection (MediaPipe BlazeFace, 256 px), 468-point landmarks (MediaPipe FaceMesh, 192 px) and a 1024-d identity ' +
        'descriptor (HSE FaceRes, 224 px), converted to ONNX from the TFJS models of @vladmandic/human. Used to align faces to the ' +
        'ArcFace template and to score identity preservation.',
      licences: [
        { name: 'Apache-2.0', appliesTo: 'BlazeFace and FaceMesh weights (Google MediaPipe)', url: 'https://github.com/google/mediapipe/blob/master/LICENSE' },
        { name: 'Apache-2.0', appliesTo: 'HSE FaceRes weights (HSE-asavchenko/HSE_FaceRec_tf; trained on VGGFace2)', url: 'https://github.com/HSE-asavchenko/HSE_FaceRec_tf/blob/master/LICENSE' },
        { name: 'MIT', appliesTo: `TFJS conversions redistributed in ${HUMAN_PACKAGE}@${HUMAN_VERSION} (Copyright (c) Vladimir Mandic)`, url: 'https://github.com/vladmandic/human/blob/main/LICENSE' },
        { name: 'MIT', appliesTo: 'ONNX conversion (generated by Digi2Real Studio src/onnx/tfjs)' },
      ],
      source: `${HUMAN_PACKAGE}@${HUMAN_VERSION} (npm) models/${BLAZEFACE.modelFile}.json+.bin, models/${FACEMESH.modelFile}.json+.bin, models/${FACERES.modelFile}.json+.bin; converted by src/onnx/tfjs/convertTfjsGraph.ts at npm run models`,
      components,
      preprocessing: { ...PREPROCESSING, provenance },
      memoryBytes: 160 * 1024 * 1024,
    },
    files,
  );
}
