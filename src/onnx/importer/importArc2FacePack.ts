/**
 * @file Imports the official Arc2Face files into an `arc2face` model pack: the diffusers UNet
 * (`arc2face/`), the fine-tuned CLIP text encoder (`encoder/`, safetensors or pytorch_model.bin), an
 * SD1.5 VAE (`vae/`) and the ArcFace recognition model (`arcface.onnx`). Builds every component with
 * the project's graph builders, computes the constants (prompt token embeddings, uncond = τ("")), and
 * assembles the pack. Everything is validated before anything is returned: on any problem an
 * ImportError naming the file (and tensor) is thrown and no partial pack exists.
 *
 * No Node APIs: files come through ImportFolder/ImportFile accessors, so the same code runs in the CLI
 * (src/cli/import.ts), in the studio's worker and for the built-in `arc2face-tiny` pack.
 */
import { ARC2FACE_ID_TOKEN_ID, arc2facePromptIds, CLIP_BOS_TOKEN_ID, CLIP_EOS_TOKEN_ID, emptyPromptIds } from '../../engine/conditioning/arc2facePromptIds';
import { findTokenPositions } from '../../engine/conditioning/injectIdAtPlaceholder';
import { readPytorchCheckpoint, PytorchCheckpointError } from '../../io/pytorchCheckpoint';
import { assemblePack, type AssembledPack, type ComponentDraft, type PackDraft } from '../../packs/assemblePack';
import { PACK_FORMAT, PACK_FORMAT_VERSION, type IoSpec, type LicenceSpec } from '../../packs/manifest';
import { buildUNet2DConditionGraph } from '../diffusers/buildUNet2DConditionGraph';
import { buildVaeDecoderGraph } from '../diffusers/buildVaeDecoderGraph';
import { buildVaeEncoderGraph } from '../diffusers/buildVaeEncoderGraph';
import { DiffusersConfigError } from '../diffusers/configError';
import type { AttentionImpl, Precision } from '../diffusers/graphContext';
import { resolveUNetConfig, type UNetConfig } from '../diffusers/unetConfig';
import { resolveVaeConfig, type VaeConfig } from '../diffusers/vaeConfig';
import { WeightMismatchError } from '../diffusers/weightReader';
import type { WeightSource } from '../diffusers/weightSource';
import type { ExternalFile } from '../externalData';
import { ExternalDataStream } from '../externalDataStream';
import type { GraphBuilder } from '../graphBuilder';
import { readModel, type ValueSummary } from '../readModel';
import { buildClipTextEncoderGraph } from '../transformers/buildClipTextEncoderGraph';
import { parseClipTextConfig, type ClipTextConfig } from '../transformers/clipTextConfig';
import type { WeightMap } from '../transformers/clipTextWeights';
import { promptTokenEmbeddings } from '../transformers/promptTokenEmbeddings';
import { arc2faceControls } from './arc2faceControls';
import { arc2faceSchedulerConfig } from './arc2faceSchedulerConfig';
import { checkClipTextWeights } from './checkClipTextWeights';
import { ImportError } from './importError';
import { readWholeFile, type ImportFile, type ImportFolder } from './importSources';
import { assembleStreamedPack, type StreamedPack } from './assembleStreamedPack';
import { BlobPackFileSink } from './blobPackFileSink';
import { LazyWeightMap, lazyWeightBytes, openLazySafetensors, type LazyTensors } from './lazySafetensorsWeights';
import { loadSafetensorsWeights } from './loadSafetensorsWeights';
import { ARCFACE_SIZE, prepareArcFaceModel } from './prepareArcFaceModel';
import { runOnnxModelWithOrtWeb, type RunOnnxModel } from './runOnnxModel';

/** The four inputs, as in the Hugging Face repos (method.md §b.1). */
export interface Arc2FaceImportSources {
  /** `arc2face/`: config.json + diffusion_pytorch_model.safetensors. */
  unet: ImportFolder;
  /** `encoder/`: config.json + model.safetensors or pytorch_model.bin. */
  encoder: ImportFolder;
  /** SD1.5 `vae/`: config.json + diffusion_pytorch_model.safetensors. */
  vae: ImportFolder;
  /** `arcface.onnx`. */
  arcface: ImportFile;
}

/** Pack component names (the worker integration's contract). */
export type Arc2FaceComponent = 'textEncoder' | 'unet' | 'vaeDecoder' | 'vaeEncoder' | 'arcface';

/** One progress event: reading/building tensors, encoding a component, computing constants. */
export interface Arc2FaceImportProgress {
  stage: 'read' | 'build' | 'encode' | 'constants' | 'assemble';
  component: Arc2FaceComponent | 'constants' | 'pack';
  /** Tensor just read/consumed (read/build stages). */
  tensor?: string;
  done: number;
  total: number;
}

export interface ImportArc2FaceOptions {
  /** 'fp32' (default) or 'fp16' (fp16 weights/activations with fp32 norms and IO; text encoder fp16 weights). */
  precision?: Precision;
  /** Attention implementation of the UNet/VAE graphs (default 'plain', runs on every backend). */
  attention?: AttentionImpl;
  /** Pack id (default `arc2face`, or `arc2face-fp16`). */
  id?: string;
  name?: string;
  version?: string;
  description?: string;
  source?: string;
  licences?: LicenceSpec[];
  testOnly?: boolean;
  /** ArcFace embedding size when arcface.onnx's output shape does not state it. */
  arcfaceEmbeddingDim?: number;
  /** Components whose weights exceed this go to external data files (≤ 2000 MB each). Default 1 GiB. */
  inlineLimitBytes?: number;
  onProgress?: (p: Arc2FaceImportProgress) => void;
  /** Runs the text encoder for uncond = τ(""); default onnxruntime-web. */
  runModel?: RunOnnxModel;
}

/** SD1.5 CLIP vocabulary size; smaller (test) vocabularies get BOS/EOS remapped (see {@link idsForVocab}). */
const SD15_VOCAB = 49408;
const DEFAULT_INLINE_LIMIT = 1024 ** 3;

/**
 * @throws ImportError (code, file, tensor) on any problem; nothing partial is returned
 */
export async function importArc2FacePack(sources: Arc2FaceImportSources, options: ImportArc2FaceOptions = {}): Promise<AssembledPack> {
  const { draft, files } = await importDraft(sources, options, null);
  const pack = await assemblePack(draft, files);
  options.onProgress?.({ stage: 'assemble', component: 'pack', done: 1, total: 1 });
  return pack;
}

/**
 * The same import, streamed: each weight is read from its file when a graph builder needs it and goes
 * straight into its component's external-data file (a Blob built from per-tensor parts, hashed as it is
 * written), so the model is never held whole in the JS heap. Every component keeps its weights in external
 * data (files of at most 2000 MB); the .onnx files hold only the graph. Nothing is stored: the caller
 * decides where the returned Blobs go (the worker puts them into its pack store).
 * @throws ImportError like {@link importArc2FacePack}
 */
export async function importArc2FacePackStreaming(sources: Arc2FaceImportSources, options: ImportArc2FaceOptions = {}): Promise<StreamedPack> {
  const sink = new BlobPackFileSink();
  const { draft } = await importDraft(sources, options, sink);
  const pack = assembleStreamedPack(draft, sink);
  options.onProgress?.({ stage: 'assemble', component: 'pack', done: 1, total: 1 });
  return pack;
}

/** Builds every component and constant into `files` (in memory) or into `sink` (streamed); returns the pack draft. */
async function importDraft(sources: Arc2FaceImportSources, options: ImportArc2FaceOptions, sink: BlobPackFileSink | null): Promise<{ draft: PackDraft; files: Map<string, Uint8Array> }> {
  const precision = options.precision ?? 'fp32';
  const attention = options.attention ?? 'plain';
  const progress = options.onProgress ?? (() => {});
  const inlineLimit = options.inlineLimitBytes ?? DEFAULT_INLINE_LIMIT;

  // 1. Configs first: an unsupported option must fail before gigabytes are read.
  const unetConfigFile = await requireFile(sources.unet, 'config.json');
  const unetConfig = (await readJson(unetConfigFile)) as UNetConfig;
  const unetPlan = withConfigFile(unetConfigFile, () => resolveUNetConfig(unetConfig));
  const vaeConfigFile = await requireFile(sources.vae, 'config.json');
  const vaeConfig = (await readJson(vaeConfigFile)) as VaeConfig;
  const vaePlan = withConfigFile(vaeConfigFile, () => resolveVaeConfig(vaeConfig));
  const textConfigFile = await requireFile(sources.encoder, 'config.json');
  const textConfigJson = await readJson(textConfigFile);
  const textConfig = withConfigFile(textConfigFile, () => parseClipTextConfig(textConfigJson));

  const hidden = textConfig.hidden_size;
  const crossDim = unetPlan.mid.attention.crossAttentionDim;
  const incompatible = (why: string): never => {
    throw new ImportError('INCOMPATIBLE', why);
  };
  if (crossDim !== hidden) incompatible(`${unetConfigFile.name}: cross_attention_dim ${crossDim} ≠ the text encoder's hidden_size ${hidden} (${textConfigFile.name})`);
  if (unetPlan.inChannels !== vaePlan.latentChannels || unetPlan.outChannels !== vaePlan.latentChannels) {
    incompatible(`${unetConfigFile.name}: in/out_channels ${unetPlan.inChannels}/${unetPlan.outChannels} ≠ the VAE's latent_channels ${vaePlan.latentChannels} (${vaeConfigFile.name})`);
  }
  if (vaePlan.latentChannels !== 4) incompatible(`${vaeConfigFile.name}: latent_channels ${vaePlan.latentChannels}; Arc2Face (SD1.5) uses 4`);
  if (textConfig.max_position_embeddings < 77) incompatible(`${textConfigFile.name}: max_position_embeddings ${textConfig.max_position_embeddings} < 77 tokens of the prompt`);
  const vaeScale = 2 ** (vaePlan.blockOutChannels.length - 1);
  const sampleSize = typeof unetConfig.sample_size === 'number' ? unetConfig.sample_size : 64;
  const scalingFactor = typeof vaeConfig.scaling_factor === 'number' ? vaeConfig.scaling_factor : 0.18215;

  // 2. ArcFace: small, and its embedding size must fit the text hidden size (zero-padded into it).
  const arcface = prepareArcFaceModel(await readWholeFile(sources.arcface), sources.arcface.name, options.arcfaceEmbeddingDim);
  if (arcface.idDim > hidden) incompatible(`${sources.arcface.name}: embedding size ${arcface.idDim} > the text encoder's hidden_size ${hidden}; Arc2Face zero-pads the id vector into a token embedding`);

  const files = new Map<string, Uint8Array>();
  const components: Record<string, ComponentDraft> = {};
  const bytesPerWeight = precision === 'fp16' ? 2 : 4;
  const putFile = (name: string, bytes: Uint8Array) => (sink ? sink.put(name, bytes) : files.set(name, bytes));
  /** Streamed imports put every component's weights in external data, laid out as the builder adds them. */
  const streamFor = (fileName: string) => (sink ? new ExternalDataStream({ fileName }, sink) : undefined);

  // 3. Text encoder (inputs_embeds variant) and the constants derived from it.
  const { weights: textWeights, elements: textElements } = await loadClipWeights(sources.encoder, textConfig, (tensor, done, total) => progress({ stage: 'read', component: 'textEncoder', tensor, done, total }));
  const promptIds = idsForVocab(arc2facePromptIds(), textConfig.vocab_size, textConfigFile.name);
  const placeholders = findTokenPositions(arc2facePromptIds(), ARC2FACE_ID_TOKEN_ID);
  const prompt = promptTokenEmbeddings(textWeights, promptIds);
  const uncondInput = promptTokenEmbeddings(textWeights, idsForVocab(emptyPromptIds(), textConfig.vocab_size, textConfigFile.name));
  progress({ stage: 'build', component: 'textEncoder', done: 0, total: 1 });
  const textStream = streamFor('text_encoder.onnx_data');
  const text = buildClipTextEncoderGraph(textConfigJson, textWeights, {
    input: 'inputs_embeds', batch: 1, sequenceLength: 77, weightsDtype: precision === 'fp16' ? 'float16' : 'float32',
    name: 'arc2face_text_encoder',
    ...(textStream ? { initializerStream: textStream } : textElements * bytesPerWeight > inlineLimit ? { externalData: { fileName: 'text_encoder.onnx_data' } } : {}),
  });
  progress({ stage: 'encode', component: 'textEncoder', done: 1, total: 1 });
  const textExternal = textStream ? textStream.finish() : text.externalFiles;
  addComponent('textEncoder', 'text_encoder.onnx', text.model, textExternal, precision === 'fp16' ? 'mixed' : 'fp32');

  // 4. UNet.
  {
    const file = await requireWeights(sources.unet, ['diffusion_pytorch_model.safetensors', 'diffusion_pytorch_model.fp16.safetensors']);
    const weights = await weightTensors(file, (tensor, done, total) => progress({ stage: 'read', component: 'unet', tensor, done, total }));
    const source = progressSource(weights, (tensor, done, total) => progress({ stage: 'build', component: 'unet', tensor, done, total }));
    const stream = streamFor('unet.onnx_data');
    const g = buildChecked(() => buildUNet2DConditionGraph(unetConfig, source, { precision, attention, name: 'arc2face_unet', initializerStream: stream }));
    const built = encode(g, stream, lazyWeightBytes(weights, bytesPerWeight) > inlineLimit ? 'unet.onnx_data' : undefined);
    progress({ stage: 'encode', component: 'unet', done: 1, total: 1 });
    addComponent('unet', 'unet.onnx', built.model, built.externalFiles, precision);
  }

  // 5. VAE decoder and encoder from the same file.
  {
    const file = await requireWeights(sources.vae, ['diffusion_pytorch_model.safetensors', 'diffusion_pytorch_model.fp16.safetensors']);
    const weights = await weightTensors(file, (tensor, done, total) => progress({ stage: 'read', component: 'vaeDecoder', tensor, done, total }));
    const big = lazyWeightBytes(weights, bytesPerWeight) > inlineLimit;
    // Each half reads only its own tensors; progress totals count those.
    const isEncoderHalf = (n: string) => n.startsWith('encoder.') || n.startsWith('quant_conv.');
    for (const [component, fileName, build, mine] of [
      ['vaeDecoder', 'vae_decoder', buildVaeDecoderGraph, (n: string) => !isEncoderHalf(n)],
      ['vaeEncoder', 'vae_encoder', buildVaeEncoderGraph, isEncoderHalf],
    ] as const) {
      const source = progressSource(weights, (tensor, done, total) => progress({ stage: 'build', component, tensor, done, total }), mine);
      const stream = streamFor(`${fileName}.onnx_data`);
      const g = buildChecked(() => build(vaeConfig, source, { precision, attention, name: `arc2face_${fileName}`, initializerStream: stream }));
      const built = encode(g, stream, big ? `${fileName}.onnx_data` : undefined);
      progress({ stage: 'encode', component, done: 1, total: 1 });
      addComponent(component, `${fileName}.onnx`, built.model, built.externalFiles, precision);
    }
  }

  addComponent('arcface', 'arcface.onnx', arcface.model, [], 'fp32');

  // 6. uncond = τ("") last, once every weight file has been checked (weight errors then fail fast).
  progress({ stage: 'constants', component: 'constants', tensor: 'uncondEmbedding', done: 0, total: 1 });
  const run = options.runModel ?? runOnnxModelWithOrtWeb;
  let uncond: Float32Array;
  try {
    // Run the graph the pack ships, so the constant is exactly what its text encoder gives for "".
    // A streamed text encoder keeps its weights in external data; ORT gets them for this one run only.
    const externalData = sink
      ? await Promise.all((textExternal as string[]).map(async (path) => ({ path, data: new Uint8Array(await sink.file(path).blob.arrayBuffer()) })))
      : undefined;
    const out = await run(text.model, { inputs_embeds: { dims: [1, 77, hidden], data: uncondInput } }, externalData);
    uncond = out.last_hidden_state;
  } catch (e) {
    throw new ImportError('RUNTIME', `running the text encoder on the empty prompt failed: ${(e as Error).message}`, { cause: e });
  }
  if (!uncond || uncond.length !== 77 * hidden || !uncond.every(Number.isFinite)) {
    throw new ImportError('RUNTIME', `the text encoder gave no finite [1, 77, ${hidden}] output for the empty prompt (weights in ${textConfigFile.name}'s folder broken?)`);
  }
  progress({ stage: 'constants', component: 'constants', tensor: 'uncondEmbedding', done: 1, total: 1 });
  putFile('prompt_token_embeddings.f32', leBytes(prompt));
  putFile('uncond_embedding.f32', leBytes(uncond));


  // 7. Assemble.
  progress({ stage: 'assemble', component: 'pack', done: 0, total: 1 });
  const id = options.id ?? (precision === 'fp16' ? 'arc2face-fp16' : 'arc2face');
  const totalBytes = sink ? [...sink.files().values()].reduce((a, f) => a + f.bytes, 0) : [...files.values()].reduce((a, b) => a + b.byteLength, 0);
  const draft: PackDraft = {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    id,
    name: options.name ?? `Arc2Face (${precision})`,
    version: options.version ?? '1.0.0',
    kind: 'arc2face',
    description: options.description ??
      'Arc2Face (ECCV 2024): identity-conditioned Stable Diffusion 1.5. Turns an ArcFace identity vector into a photo-realistic face; ' +
      'imported from the official files by Digi2Real Studio.',
    ...(options.testOnly ? { testOnly: true } : {}),
    licences: options.licences ?? ARC2FACE_LICENCES,
    source: options.source ?? `imported from ${sources.unet.name}, ${sources.encoder.name}, ${sources.vae.name}, ${sources.arcface.name} (FoivosPar/Arc2Face, SD1.5 VAE) by Digi2Real Studio`,
    components,
    constants: {
      promptTokenEmbeddings: {
        file: 'prompt_token_embeddings.f32', dtype: 'float32', shape: [77, hidden],
        description: 'token_embedding of "photo of a id person" = SD1.5 ids [49406, 1125, 539, 320, 1014, 2533, 49407 × 71]; row 4 is replaced by the id vector',
      },
      uncondEmbedding: {
        file: 'uncond_embedding.f32', dtype: 'float32', shape: [77, hidden],
        description: 'text encoder output for the empty prompt "" (ids [49406, 49407 × 76]), the classifier-free guidance branch',
      },
    },
    preprocessing: {
      placeholderIndex: placeholders.length === 1 ? placeholders[0] : placeholders,
      idDim: arcface.idDim,
      hiddenSize: hidden,
      crossAttentionDim: crossDim,
      scalingFactor,
      latentChannels: vaePlan.latentChannels,
      resolution: sampleSize * vaeScale,
      arcface: { size: ARCFACE_SIZE, mean: arcface.mean, std: arcface.std, channelOrder: 'rgb' },
      promptIds: [...promptIds.slice(0, 7)],
      ...(textConfig.vocab_size < SD15_VOCAB ? { tokenIdNote: `test vocabulary of ${textConfig.vocab_size}: BOS 49406 → ${textConfig.vocab_size - 2}, EOS/pad 49407 → ${textConfig.vocab_size - 1}` } : {}),
    },
    scheduler: arc2faceSchedulerConfig(),
    controls: arc2faceControls(false),
    // Weights plus activations/arena overhead of the largest graph, roughly.
    memoryBytes: Math.round(totalBytes * 1.5) + 256 * 1024 * 1024,
  };
  return { draft, files };

  /** `external`: files built in memory, or the paths a stream already wrote into the sink. */
  function addComponent(name: Arc2FaceComponent, file: string, model: Uint8Array, external: ExternalFile[] | string[], p: 'fp32' | 'fp16' | 'mixed'): void {
    const summary = readModel(model, file);
    putFile(file, model);
    const paths = external.map((e) => (typeof e === 'string' ? e : e.path));
    for (const e of external) if (typeof e !== 'string') files.set(e.path, concat(e.bytes, e.byteLength));
    components[name] = {
      file,
      inputs: summary.inputs.map(ioSpec),
      outputs: summary.outputs.map(ioSpec),
      ...(paths.length ? { externalData: paths.map((path) => ({ file: path })) } : {}),
      precision: p,
    };
  }
}

/** Arc2Face's licence chain (method.md §b.1): the whole pack is non-commercial because of ArcFace. */
export const ARC2FACE_LICENCES: LicenceSpec[] = [
  { name: 'MIT', appliesTo: 'Arc2Face UNet and text encoder weights and code (FoivosPar/Arc2Face)', url: 'https://github.com/foivospar/Arc2Face/blob/master/LICENSE' },
  { name: 'CreativeML-OpenRAIL-M', appliesTo: 'Stable Diffusion 1.5 VAE (and the SD1.5 weights Arc2Face was fine-tuned from)', url: 'https://huggingface.co/spaces/CompVis/stable-diffusion-license' },
  { name: 'non-commercial research only', appliesTo: 'ArcFace recognition model (insightface antelopev2 / Arc2Face arcface.onnx)', url: 'https://github.com/deepinsight/insightface#license' },
];

/**
 * SD1.5 token ids for a vocabulary of `vocab` rows. Real CLIP vocabularies (49408) use them as they are;
 * a smaller test vocabulary maps BOS 49406 → vocab−2 and EOS/pad 49407 → vocab−1, as fixtures/README
 * describes for the tiny text encoder (all other prompt ids are below 2998).
 */
export function idsForVocab(ids: Int32Array, vocab: number, label: string): Int32Array {
  if (vocab >= SD15_VOCAB) return ids;
  return ids.map((id) => {
    if (id === CLIP_BOS_TOKEN_ID) return vocab - 2;
    if (id === CLIP_EOS_TOKEN_ID) return vocab - 1;
    if (id >= vocab - 2) throw new ImportError('INCOMPATIBLE', `${label}: vocab_size ${vocab} has no row for prompt token ${id}`, { file: label });
    return id;
  });
}

async function requireFile(folder: ImportFolder, name: string): Promise<ImportFile> {
  const f = await folder.open(name);
  if (!f) throw new ImportError('MISSING_FILE', `${folder.name}/${name} is missing`, { file: `${folder.name}/${name}` });
  return f;
}

async function requireWeights(folder: ImportFolder, names: string[]): Promise<ImportFile> {
  for (const n of names) {
    const f = await folder.open(n);
    if (f) return f;
  }
  throw new ImportError('MISSING_FILE', `${folder.name}: none of ${names.join(', ')} found`, { file: `${folder.name}/${names[0]}` });
}

async function readJson(file: ImportFile): Promise<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await readWholeFile(file)));
  } catch (e) {
    throw new ImportError('BAD_JSON', `${file.name} is not valid JSON (${(e as Error).message})`, { file: file.name, cause: e });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImportError('BAD_JSON', `${file.name} must hold a JSON object`, { file: file.name });
  return json as Record<string, unknown>;
}

/** Runs a config parser; its errors (unsupported option, bad value) become ImportErrors naming the file. */
function withConfigFile<T>(file: ImportFile, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const code = e instanceof DiffusersConfigError && e.code === 'INVALID' ? 'BAD_JSON' : 'UNSUPPORTED';
    throw new ImportError(code, `${file.name}: ${(e as Error).message}`, { file: file.name, cause: e });
  }
}

/** Builds a graph; weight mismatches (which name the file and every tensor) become ImportErrors. */
function buildChecked(build: () => GraphBuilder): GraphBuilder {
  try {
    return build();
  } catch (e) {
    if (e instanceof WeightMismatchError) throw weightError(e);
    throw e;
  }
}

function weightError(e: WeightMismatchError): ImportError {
  const first = e.missing[0]?.name ?? e.shapeMismatches[0]?.name ?? e.extra[0];
  return new ImportError('WEIGHTS', e.message, { file: e.label, tensor: first, cause: e });
}

/**
 * Text encoder weights: model.safetensors (read lazily where the file allows synchronous reads), else
 * pytorch_model.bin (read whole, without executing the pickle). `elements` counts every weight's elements.
 */
async function loadClipWeights(folder: ImportFolder, config: ClipTextConfig, onTensor: (tensor: string, done: number, total: number) => void): Promise<{ weights: WeightMap; elements: number }> {
  const st = await folder.open('model.safetensors');
  let weights: WeightMap;
  let shapes: Map<string, readonly number[]>;
  let label: string;
  if (st) {
    label = st.name;
    const lazy = await openLazySafetensors(st);
    if (lazy) {
      const seen = new Set<string>();
      weights = new LazyWeightMap(lazy, (name) => {
        if (seen.has(name)) return;
        seen.add(name);
        onTensor(name, seen.size, lazy.names.length);
      });
      shapes = new Map(lazy.names.map((n) => [n, lazy.shape(n)!]));
    } else {
      const loaded = await loadSafetensorsWeights(st, onTensor);
      weights = new Map([...loaded].map(([k, t]) => [k, { shape: t.dims, data: t.data }]));
      shapes = new Map([...loaded].map(([k, t]) => [k, t.dims]));
    }
  } else {
    const bin = await folder.open('pytorch_model.bin');
    if (!bin) throw new ImportError('MISSING_FILE', `${folder.name}: neither model.safetensors nor pytorch_model.bin found`, { file: `${folder.name}/model.safetensors` });
    label = bin.name;
    let tensors: Map<string, { shape: readonly number[]; data: Float32Array }>;
    try {
      const ckpt = readPytorchCheckpoint(await readWholeFile(bin), bin.name);
      tensors = new Map([...ckpt.tensors].map(([k, t]) => [k, { shape: t.shape, data: t.data }]));
    } catch (e) {
      if (e instanceof PytorchCheckpointError) {
        throw new ImportError(e.code === 'TRUNCATED' ? 'TRUNCATED' : 'BAD_FILE', e.message.includes(bin.name) ? e.message : `${bin.name}: ${e.message}`, { file: bin.name, cause: e });
      }
      throw e;
    }
    let i = 0;
    for (const k of tensors.keys()) onTensor(k, ++i, tensors.size);
    weights = tensors;
    shapes = new Map([...tensors].map(([k, t]) => [k, t.shape]));
  }
  try {
    checkClipTextWeights(config, shapes, label);
  } catch (e) {
    if (e instanceof WeightMismatchError) throw weightError(e);
    throw e;
  }
  let elements = 0;
  for (const dims of shapes.values()) elements += dims.reduce((a, b) => a * b, 1);
  return { weights, elements };
}

/** A diffusers weight file's tensors: read on demand where the file allows synchronous reads, else loaded up front. */
async function weightTensors(file: ImportFile, onRead: (tensor: string, done: number, total: number) => void): Promise<LazyTensors> {
  const lazy = await openLazySafetensors(file);
  if (lazy) return lazy;
  const loaded = await loadSafetensorsWeights(file, onRead);
  return {
    label: file.name,
    names: [...loaded.keys()],
    shape: (name) => loaded.get(name)?.dims,
    read(name) {
      const t = loaded.get(name);
      if (!t) throw new ImportError('WEIGHTS', `${file.name}: no tensor "${name}"`, { file: file.name, tensor: name });
      return t.data;
    },
  };
}

/** A WeightSource over `tensors` that reports each tensor as the builder consumes it (and, when lazy, reads it). */
function progressSource(
  tensors: LazyTensors, onTensor: (tensor: string, done: number, total: number) => void, counts: (name: string) => boolean = () => true,
): WeightSource {
  const total = tensors.names.filter(counts).length;
  let done = 0;
  return {
    label: tensors.label,
    names: () => tensors.names,
    shape: (name) => tensors.shape(name),
    get(name) {
      const dims = tensors.shape(name);
      if (!dims) throw new ImportError('WEIGHTS', `${tensors.label}: no tensor "${name}"`, { file: tensors.label, tensor: name });
      const data = tensors.read(name);
      onTensor(name, ++done, total);
      return { data, dims };
    },
  };
}

/** Encodes a built graph: streamed weights are already placed; otherwise inline, or external past the inline limit. */
function encode(g: GraphBuilder, stream: ExternalDataStream | undefined, externalFileName: string | undefined): { model: Uint8Array; externalFiles: ExternalFile[] | string[] } {
  if (stream) {
    const model = g.build();
    return { model, externalFiles: stream.finish() };
  }
  return externalFileName ? g.build({ externalData: { fileName: externalFileName } }) : { model: g.build(), externalFiles: [] };
}

function ioSpec(v: ValueSummary): IoSpec {
  const dtype = v.dtype as IoSpec['dtype'];
  return { name: v.name, dtype, shape: (v.shape ?? []).map((d, i) => (d === null ? `dim${i}` : d)) };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

/** Raw little-endian float32 bytes (the pack's constant format). */
function leBytes(a: Float32Array): Uint8Array {
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat32(i * 4, a[i], true);
  return out;
}
