/**
 * Types that cross the worker boundary. Only structured-clonable data lives here:
 * sessions and GPU tensors stay inside the worker, the UI sees ids, numbers and bytes.
 */

export type { Progress } from '../engine/progress/progress';

/** What the user asked for in settings. */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

/** What actually runs models. */
export type Backend = 'webgpu' | 'wasm';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  /** `shader-f16` present: fp16 packs may run on WebGPU. */
  shaderF16: boolean;
  maxBufferSize: number;
}

export interface BackendInfo {
  backend: Backend;
  preference: BackendPreference;
  /** Human-readable reason for the choice, e.g. "WebGPU unavailable: no adapter → WASM, 2 threads". */
  reason: string;
  adapter: AdapterSummary | null;
  /** WASM threads (1 when SharedArrayBuffer / cross-origin isolation is missing). */
  wasmThreads: number;
  crossOriginIsolated: boolean;
  simd: boolean;
  ortVersion: string;
  /** Notices raised after start-up (e.g. a WebGPU session failed and was retried on WASM). */
  notices: string[];
}

export type JobId = string;

/** Float32 tensor as it crosses the boundary. */
export interface TensorData {
  dims: number[];
  data: Float32Array;
}

export interface RunModelResult {
  outputs: Record<string, TensorData>;
  backend: Backend;
  /** Set when the model had to fall back from WebGPU to WASM. */
  notice?: string;
  ms: number;
}

/** Stable error codes the UI maps to help texts. */
export type StudioErrorCode =
  | 'aborted'
  | 'backend-unavailable'
  | 'model-invalid'
  | 'model-run-failed'
  | 'pack-invalid'
  | 'pack-missing-file'
  | 'pack-checksum'
  | 'input-invalid'
  | 'internal';

export interface SelfTestResult {
  backend: Backend;
  ok: boolean;
  maxAbsError: number;
  values: number;
  msPerRun: number;
  iterations: number;
  notice?: string;
}

/** A pack as the UI sees it. */
export interface PackInfo {
  id: string;
  name: string;
  version: string;
  kind: string;
  description: string;
  testOnly: boolean;
  bytes: number;
  licences: { name: string; appliesTo: string; url?: string }[];
  source: string;
  components: string[];
  /** Every file with its sha256, recorded in export manifests. */
  files: { file: string; sha256: string; bytes: number }[];
  controls: { input: string; label: string; min: number; max: number; step: number; default: number; help?: string }[];
}

export interface BuiltinPackEntry {
  id: string;
  name: string;
  kind: string;
  bytes: number;
  testOnly: boolean;
}

export interface CachedPackInfo {
  pack: PackInfo;
  storedBytes: number;
  complete: boolean;
}

export interface LoadPackResult {
  pack: PackInfo;
  fromCacheBytes: number;
  fromSourceBytes: number;
  warning?: string;
  backend: Backend;
}

/** Where a pack is loaded from, as the UI can express it (files are transferred as Blobs). */
export type PackSourceRequest =
  | { kind: 'builtin'; id: string }
  | { kind: 'url'; url: string }
  | { kind: 'files'; files: { name: string; blob: Blob }[] }
  | { kind: 'cached'; id: string };

/** A face image accepted into the workspace (decoded and thumbnailed in the worker). */
export interface IngestedFace {
  /** Path as the user gave it (inside a zip: zip name + entry path). Displayed as text only. */
  name: string;
  identity: string;
  index: number;
  width: number;
  height: number;
  /** The image as a PNG or the original JPEG/PNG bytes. */
  source: Blob;
  /** A small PNG for the gallery. */
  thumb: Blob;
}

export interface SkippedFile {
  name: string;
  reason: string;
}

export interface IngestResult {
  faces: IngestedFace[];
  skipped: SkippedFile[];
  /** What the folder structure was recognised as. */
  layout: 'digiface' | 'folders' | 'flat' | 'mixed' | 'samples';
}

export interface SampleRequest {
  identities: number;
  variations: number;
  seed: number;
  size: number;
}

/** One face to enhance. */
export interface EnhanceItem {
  faceId: string;
  source: Blob;
  seed: number;
  /**
   * Which of the face's variations this is (0-based; absent = 0). Arc2Face packs also take it to pick the
   * SLERP partner, so variations of one face differ in direction as well as in noise.
   */
  variation?: number;
  /**
   * Every image of the face's identity (this face included), for packs that condition on an identity:
   * the identity mean and the SLERP variation partner come from these.
   */
  members?: { faceId: string; source: Blob }[];
}

/** One finished (or failed) face, reported as soon as it is done. */
/**
 * The realism offset one Arc2Face image was made with: λ, and which Δ (sha256 of its float32 bytes) from where.
 * `source: 'none'` means no Δ was applied: λ = 0 (Δ is then not looked up), or the pack had no Δ.
 */
export interface ResultRealismOffset {
  lambda: number;
  source: 'attached' | 'pack' | 'none';
  deltaSha256?: string;
  /** 'encoder-output' or 'id-vector'. */
  space?: string;
}

export interface EnhanceItemResult {
  faceId: string;
  /** Echoed from the item (absent = 0). */
  variation?: number;
  seed: number;
  png?: Blob;
  /** Arc2Face packs: whole-latent device → host reads of the denoise loop (1 + previews when resident). */
  readBacks?: number;
  /** Arc2Face packs: where the denoise loop's tensors lived ('webgpu', 'wasm' or 'cpu'). */
  denoiseOn?: string;
  /** Arc2Face packs: the realism offset this image was made with. */
  realismOffset?: ResultRealismOffset;
  width?: number;
  height?: number;
  ms: number;
  error?: string;
}

export interface ExportEntry {
  identity: string;
  index: number;
  png: Blob;
  width: number;
  height: number;
}

export interface ExportRequest {
  entries: ExportEntry[];
  /** Resize square aligned faces to 112×112 (ArcFace template size); others are left out and listed. */
  crop112: boolean;
  /** manifest.json contents, already complete except the per-file list the worker fills in. */
  manifest: Record<string, unknown>;
  /** Extra columns for metadata.csv, per entry (same order as entries). */
  csvRows: Record<string, string | number | null>[];
  /** Where to write: a file the user picked (streams to disk), or null to get a Blob back. */
  fileHandle: unknown | null;
}

export interface ExportResult {
  images: number;
  bytes: number;
  /** Present when no file handle was given. */
  blob?: Blob;
  leftOut: { identity: string; index: number; reason: string }[];
}

/** Identity fields of the built-in renderer that can be set by hand; an absent field keeps the seeded value. */
export interface RenderIdentityOverrides {
  /** Position on the Monk skin-tone scale: 0 = lightest swatch … 1 = darkest. */
  skinTone?: number;
  /** Index into the renderer's iris palette (dark brown, brown, hazel, green, blue, grey). */
  eyeColor?: number;
  /** Index into the renderer's hair palette (black, dark brown, brown, auburn, dark blond, blond, grey). */
  hairColor?: number;
  /** Face-shape coefficients (engine FaceShape keys, e.g. width, jaw, noseWidth), inside IDENTITY_SHAPE_RANGES. */
  shape?: Partial<Record<RenderShapeKey, number>>;
}

/** The FaceShape coefficients of the renderer (engine/render/identityParams.ts). */
export type RenderShapeKey = keyof import('../engine/render/identityParams').FaceShape;

/** The seeded identity as the panel shows it: every overridable field with its current value. */
export interface RenderIdentityFields {
  skinTone: number;
  /** Nearest palette entry to the seeded iris colour. */
  eyeColor: number;
  /** Nearest palette entry to the seeded hair colour. */
  hairColor: number;
  shape: Record<RenderShapeKey, number>;
}

/** One image's variation as flat, slider-friendly numbers (degrees, 0..1 amounts, head units). */
export interface RenderVariationFields {
  yaw: number;
  pitch: number;
  roll: number;
  smile: number;
  mouthOpen: number;
  eyesClosed: number;
  /** Degrees; positive = light from the image's right. */
  lightAzimuth: number;
  /** Degrees; positive = light from above. */
  lightElevation: number;
  /** Colour temperature shift: light colour = intensity × (1 + warmth, 1, 1 − warmth). */
  lightWarmth: number;
  lightIntensity: number;
  ambient: number;
  /** Background colour as '#rrggbb'. */
  background: string;
  /** Head units from the head centre. */
  cameraDistance: number;
}

export type RenderVariationOverrides = Partial<RenderVariationFields>;

/** Where the renderer may draw: 'auto' = WebGPU when the worker has a device, else the CPU rasteriser; 'cpu' = always the CPU. */
export type RenderPathSetting = 'auto' | 'cpu';

/** The render path that drew an image, and why (e.g. the adapter, or why not WebGPU). */
export interface RenderPathInfo {
  path: 'webgpu' | 'cpu';
  detail: string;
}

/** Everything that defines one rendered face. Same spec → same PNG bytes on the same render path. */
export interface RenderSpec {
  /** uint32. */
  identitySeed: number;
  identity: RenderIdentityOverrides;
  /** uint32, or null to start from the neutral frontal variation. */
  variationSeed: number | null;
  variation: RenderVariationOverrides;
  /** Crop side in pixels: 112 (DigiFace / ArcFace crop) or 512 (Arc2Face resolution). */
  size: number;
  /** Default 'auto'. */
  renderPath?: RenderPathSetting;
}

export interface RenderPreviewResult {
  png: Blob;
  width: number;
  height: number;
  /** The identity and variation actually rendered (seeded values with the overrides applied, clamped). */
  identity: RenderIdentityFields;
  variation: RenderVariationFields;
  /** Mean distance in crop pixels between the rendered landmarks and the ArcFace template. */
  templateError: number;
  ms: number;
  /** Which render path drew it. */
  path: RenderPathInfo;
}

/** N identities × M variations straight into the workspace, in DigiFace layout. */
export interface RenderBatchRequest {
  identities: number;
  variations: number;
  /** Identity i uses seed identitySeedBase + i (mod 2^32), so identity 0 is the face in the preview. */
  identitySeedBase: number;
  size: number;
  /** Applied to every identity. */
  identity: RenderIdentityOverrides;
  /** Applied to every image; the other fields come from each image's derived variation seed. */
  variation: RenderVariationOverrides;
  /** Identity folders are numbered from here, so a batch never merges into identities already loaded. */
  firstIdentity: number;
  /** Top folder of the face names, e.g. 'rendered' → 'rendered/7/0.png'. */
  folder: string;
  /** Default 'auto'. */
  renderPath?: RenderPathSetting;
}
