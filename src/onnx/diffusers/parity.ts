/**
 * @file Reusable parity checks of the diffusers graph builders against a reference folder laid out
 * like fixtures/unet and fixtures/vae (config.json, diffusion_pytorch_model.safetensors,
 * io_*.safetensors with inputs, outputs and `debug.*` activations). Used by the parity tests and by
 * `npm run parity -- <folder>`. No Node APIs: files come through a callback, models run through a
 * runner (default: onnxruntime-web, which works in Node, workers and pages).
 */
import * as ort from 'onnxruntime-web';
import { readSafetensors, toFloat32, type SafetensorsFile } from '../../io/safetensors';
import type { GraphBuilder } from '../graphBuilder';
import { buildUNet2DConditionGraph } from './buildUNet2DConditionGraph';
import { buildVaeDecoderGraph } from './buildVaeDecoderGraph';
import { buildVaeEncoderGraph } from './buildVaeEncoderGraph';
import type { AttentionImpl, Precision } from './graphContext';
import { safetensorsWeightSource, type WeightTensor } from './weightSource';

/** File access for a fixture folder; paths are `${dir}/${name}`. */
export interface FixtureFolderIO {
  readFile(path: string): Promise<Uint8Array>;
  /** Names of the files directly in `dir`. */
  listFiles(dir: string): Promise<string[]>;
}

/** Runs ONNX models: one session per built graph, several runs per session. */
export interface ParityRunner {
  open(model: Uint8Array): Promise<{
    run(feeds: Record<string, WeightTensor>): Promise<Record<string, Float32Array>>;
    release(): Promise<void>;
  }>;
}

export interface ParityVariant {
  precision: Precision;
  attention: AttentionImpl;
}

export interface ParityOptions {
  runner?: ParityRunner;
  /** Graph variants to check (default: fp32 with plain and with MultiHeadAttention attention). */
  variants?: ParityVariant[];
  /** Max-abs tolerance per precision (defaults: fixtures/README's 1e-4 for fp32, 5e-2 for fp16). */
  tolerance?: Partial<Record<Precision, number>>;
}

export interface TensorParity {
  name: string;
  maxAbs: number;
  meanAbs: number;
  tolerance: number;
  pass: boolean;
  /** Set when the graph has no output of this name (the fixture has it). */
  missing?: true;
}

export interface CaseParity extends ParityVariant {
  file: string;
  tensors: TensorParity[];
}

export interface FolderParity {
  dir: string;
  model: 'UNet2DConditionModel' | 'AutoencoderKL';
  cases: CaseParity[];
  pass: boolean;
}

const DEFAULT_VARIANTS: ParityVariant[] = [{ precision: 'fp32', attention: 'plain' }, { precision: 'fp32', attention: 'mha' }];
const DEFAULT_TOLERANCE: Record<Precision, number> = { fp32: 1e-4, fp16: 5e-2 };

/** onnxruntime-web on its default (WASM/CPU) backend. */
export const ortWebRunner: ParityRunner = {
  async open(model) {
    const session = await ort.InferenceSession.create(model);
    return {
      async run(feeds) {
        const tensors = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, [...t.dims])]));
        const out = await session.run(tensors);
        return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
      },
      release: () => session.release(),
    };
  },
};

/** Checks a UNet folder (fixtures/unet layout): every io_*.safetensors, `noise_pred` and every `debug.*`. */
export async function checkUNetFixtureFolder(dir: string, io: FixtureFolderIO, options: ParityOptions = {}): Promise<FolderParity> {
  const { config, weights, cases } = await loadFolder(dir, io, (n) => n.startsWith('io_'));
  const build = (v: ParityVariant) => buildUNet2DConditionGraph(config, weights, { ...v, debugOutputs: true, sequenceLength: 'free' });
  const results = await runVariants(options, build, cases, (file) => {
    const feeds = { sample: tensor(file, 'sample'), timestep: tensor(file, 'timestep'), encoder_hidden_states: tensor(file, 'encoder_hidden_states') };
    const batch = feeds.sample.dims[0];
    // diffusers broadcasts a single timestep to the batch; the graph takes one per row.
    if (feeds.timestep.data.length === 1 && batch !== 1) feeds.timestep = { data: new Float32Array(batch).fill(feeds.timestep.data[0]), dims: [batch] };
    return { graph: 0, feeds, expected: expectedNames(file, ['noise_pred']) };
  });
  return { dir, model: 'UNet2DConditionModel', cases: results, pass: results.every((c) => c.tensors.every((t) => t.pass)) };
}

/**
 * Checks an AutoencoderKL folder (fixtures/vae layout): io_decode_*.safetensors (`latents` → `sample`)
 * and io_encode_*.safetensors (`image` → `mean`, `logvar`, `std`), with every `debug.*`.
 */
export async function checkVaeFixtureFolder(dir: string, io: FixtureFolderIO, options: ParityOptions = {}): Promise<FolderParity> {
  const { config, weights, cases } = await loadFolder(dir, io, (n) => n.startsWith('io_decode') || n.startsWith('io_encode'));
  const builders = [
    (v: ParityVariant) => buildVaeDecoderGraph(config, weights, { ...v, debugOutputs: true }),
    (v: ParityVariant) => buildVaeEncoderGraph(config, weights, { ...v, debugOutputs: true }),
  ];
  const results = await runVariants(options, builders, cases, (file, name): CasePlan => (name.startsWith('io_decode')
    ? { graph: 0, feeds: { latents: tensor(file, 'latents') }, expected: expectedNames(file, ['sample']) }
    : { graph: 1, feeds: { image: tensor(file, 'image') }, expected: expectedNames(file, ['mean', 'logvar', 'std']) }));
  return { dir, model: 'AutoencoderKL', cases: results, pass: results.every((c) => c.tensors.every((t) => t.pass)) };
}

interface LoadedFolder {
  config: Record<string, unknown>;
  weights: ReturnType<typeof safetensorsWeightSource>;
  cases: { name: string; file: SafetensorsFile }[];
}

async function loadFolder(dir: string, io: FixtureFolderIO, isCase: (name: string) => boolean): Promise<LoadedFolder> {
  const config = JSON.parse(new TextDecoder().decode(await io.readFile(`${dir}/config.json`))) as Record<string, unknown>;
  const weightsName = 'diffusion_pytorch_model.safetensors';
  const weights = safetensorsWeightSource(await io.readFile(`${dir}/${weightsName}`), `${dir}/${weightsName}`);
  const names = (await io.listFiles(dir)).filter((n) => n.endsWith('.safetensors') && isCase(n)).sort();
  if (names.length === 0) throw new Error(`${dir}: no io_*.safetensors cases found`);
  const cases = await Promise.all(names.map(async (name) => ({ name, file: readSafetensors(await io.readFile(`${dir}/${name}`)) })));
  return { config, weights, cases };
}

type CasePlan = { graph: number; feeds: Record<string, WeightTensor>; expected: string[] };

async function runVariants(
  options: ParityOptions,
  build: ((v: ParityVariant) => GraphBuilder) | ((v: ParityVariant) => GraphBuilder)[],
  cases: LoadedFolder['cases'],
  plan: (file: SafetensorsFile, name: string) => CasePlan,
): Promise<CaseParity[]> {
  const runner = options.runner ?? ortWebRunner;
  const builders = Array.isArray(build) ? build : [build];
  const results: CaseParity[] = [];
  for (const variant of options.variants ?? DEFAULT_VARIANTS) {
    const tolerance = options.tolerance?.[variant.precision] ?? DEFAULT_TOLERANCE[variant.precision];
    const plans = cases.map((c) => ({ ...c, plan: plan(c.file, c.name) }));
    for (let gi = 0; gi < builders.length; gi++) {
      const mine = plans.filter((p) => p.plan.graph === gi);
      if (mine.length === 0) continue;
      const session = await runner.open(builders[gi](variant).build());
      try {
        for (const { name, file, plan: p } of mine) {
          const out = await session.run(p.feeds);
          const tensors = p.expected.map((n) => compare(n, out[n], toFloat32(file.tensors.get(n)!.dtype, file.tensors.get(n)!.data), tolerance));
          results.push({ file: name, ...variant, tensors });
        }
      } finally {
        await session.release();
      }
    }
  }
  return results;
}

function tensor(file: SafetensorsFile, name: string): WeightTensor {
  const t = file.tensors.get(name);
  if (!t) throw new Error(`fixture has no input "${name}" (it has ${[...file.tensors.keys()].join(', ')})`);
  return { data: toFloat32(t.dtype, t.data), dims: t.shape };
}

/** The main outputs (which must exist) followed by every debug.* tensor of the case. */
function expectedNames(file: SafetensorsFile, outputs: string[]): string[] {
  for (const o of outputs) tensor(file, o);
  return [...outputs, ...[...file.tensors.keys()].filter((n) => n.startsWith('debug.')).sort()];
}

function compare(name: string, actual: Float32Array | undefined, expected: Float32Array, tolerance: number): TensorParity {
  if (actual === undefined) return { name, maxAbs: Infinity, meanAbs: Infinity, tolerance, pass: false, missing: true };
  if (actual.length !== expected.length) return { name, maxAbs: Infinity, meanAbs: Infinity, tolerance, pass: false };
  let max = 0;
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    // NaN never passes.
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
    sum += d;
  }
  const mean = sum / Math.max(1, expected.length);
  return { name, maxAbs: max, meanAbs: mean, tolerance, pass: max <= tolerance };
}

/** One line per tensor: `file precision/attention name max=… mean=… ok|FAIL`. */
export function formatParity(report: FolderParity): string {
  return report.cases.flatMap((c) => c.tensors.map((t) =>
    `${c.file} ${c.precision}/${c.attention} ${t.name} max=${t.maxAbs.toExponential(2)} mean=${t.meanAbs.toExponential(2)} ${t.pass ? 'ok' : t.missing ? 'MISSING' : 'FAIL'}`)).join('\n');
}
