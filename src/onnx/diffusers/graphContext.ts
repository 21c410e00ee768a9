/**
 * @file State shared by the diffusers graph builders: the GraphBuilder, checked weight access and
 * the precision/attention choices, plus helpers that create initializers in the right dtype.
 *
 * Precision 'fp16' = a full float16 graph (weights and activations) with float32 islands: graph
 * inputs/outputs (so JS feeds Float32Array), the sinusoidal timestep embedding, every GroupNorm /
 * LayerNorm (statistics overflow in fp16 — browser-anchors §2.5) with float32 γ/β, and softmax where
 * diffusers upcasts. Initializers are created directly in their final dtype, so the graph is built
 * with the GraphBuilder's default float32 storage and needs no keepFloat32 predicate.
 */
import { float32ArrayToFloat16 } from '../float16';
import { GraphBuilder, type InitializerStream } from '../graphBuilder';
import { WeightReader } from './weightReader';
import type { WeightSource } from './weightSource';

/** 'fp32': everything float32. 'fp16': float16 weights/activations, float32 norms and IO. */
export type Precision = 'fp32' | 'fp16';

/** 'plain': MatMul-Softmax-MatMul (runs everywhere). 'mha': com.microsoft MultiHeadAttention (fused; fastest on WebGPU). */
export type AttentionImpl = 'plain' | 'mha';

export interface GraphContext {
  readonly g: GraphBuilder;
  readonly w: WeightReader;
  readonly precision: Precision;
  readonly attention: AttentionImpl;
}

/** ONNX TensorProto codes for Cast's `to`. */
const FLOAT = 1;
const FLOAT16 = 10;

/** Activation dtype of the graph body. */
export function actType(ctx: GraphContext): 'float32' | 'float16' {
  return ctx.precision === 'fp16' ? 'float16' : 'float32';
}

/** Initializer in the activation dtype under an exact name (checkpoint key) with the given dims. */
export function actInitializer(ctx: GraphContext, name: string, data: Float32Array, dims: readonly number[]): string {
  if (ctx.precision === 'fp16') return ctx.g.initializer(name, { dtype: 'float16', dims: [...dims], data: float32ArrayToFloat16(data) });
  return ctx.g.initializer(name, { dtype: 'float32', dims: [...dims], data });
}

/** Scoped constant in the activation dtype (e.g. 0.5 in GELU, an attention scale). */
export function actConst(ctx: GraphContext, nameHint: string, values: readonly number[], dims: readonly number[] = []): string {
  const data = Float32Array.from(values);
  if (ctx.precision === 'fp16') return ctx.g.constant(nameHint, { dtype: 'float16', dims: [...dims], data: float32ArrayToFloat16(data) });
  return ctx.g.constF32(nameHint, data, dims);
}

/**
 * Checkpoint key of parameter `leaf` in the current module. Builders open one GraphBuilder scope per
 * module (`down_blocks`, `0`, `resnets`, `0`, `conv1`), so the scope path is the state_dict path.
 */
export function paramKey(ctx: GraphContext, leaf: string): string {
  return ctx.g.scopedName(leaf);
}

/** Reads parameter `leaf` of the current module (must be `dims`); stores it in the activation dtype as `storeDims`. */
export function actWeight(ctx: GraphContext, leaf: string, dims: readonly number[], storeDims: readonly number[] = dims): string {
  const name = paramKey(ctx, leaf);
  return actInitializer(ctx, name, ctx.w.take(name, dims), storeDims);
}

/** Reads parameter `leaf` of the current module and stores it as float32 (normalisation parameters) with `storeDims`. */
export function f32Weight(ctx: GraphContext, leaf: string, dims: readonly number[], storeDims: readonly number[] = dims): string {
  const name = paramKey(ctx, leaf);
  return ctx.g.initializer(name, { dtype: 'float32', dims: [...storeDims], data: ctx.w.take(name, dims) });
}

/** Runs `fn` inside the module scope `name` (dots allowed: `down_blocks.0`). */
export function inModule<T>(ctx: GraphContext, name: string, fn: () => T): T {
  return ctx.g.scope(name, fn);
}

/** x (activation dtype) as float32: a Cast in fp16 graphs, x itself otherwise. */
export function toFloat32(ctx: GraphContext, x: string): string {
  return ctx.precision === 'fp16' ? ctx.g.node('Cast', [x], { to: FLOAT }, { name: 'to_f32' }) : x;
}

/** x (float32) in the activation dtype: a Cast in fp16 graphs, x itself otherwise. */
export function fromFloat32(ctx: GraphContext, x: string): string {
  return ctx.precision === 'fp16' ? ctx.g.node('Cast', [x], { to: FLOAT16 }, { name: 'to_f16' }) : x;
}

/** Options shared by every diffusers graph builder. */
export interface DiffusersGraphOptions {
  /** 'fp32' (default) or 'fp16' (fp16 weights/activations, fp32 norms and IO). */
  precision?: Precision;
  /** 'plain' (default) MatMul-Softmax-MatMul, or 'mha' = com.microsoft MultiHeadAttention. */
  attention?: AttentionImpl;
  /** Also output `debug.*` activations (float32) named as in the fixtures, for localising mismatches. */
  debugOutputs?: boolean;
  /** Graph name. */
  name?: string;
  /** Streams weights out as they are added (importers; see GraphBuilderOptions.streamInitializers). */
  initializerStream?: InitializerStream;
}

/** A fresh GraphBuilder + WeightReader for one model graph. */
export function createGraphContext(
  weights: WeightSource, options: DiffusersGraphOptions, defaults: { name: string; docString: string; ignore?: (name: string) => boolean },
): GraphContext {
  const attention = options.attention ?? 'plain';
  const g = new GraphBuilder({
    name: options.name ?? defaults.name,
    extraOpsets: attention === 'mha' ? { 'com.microsoft': 1 } : {},
    docString: `${defaults.docString}; built by digi2real-studio from ${weights.label} (${options.precision ?? 'fp32'}, ${attention} attention)`,
    // Initializers are created in their final dtype here, so the stream needs no storage conversion.
    ...(options.initializerStream ? { streamInitializers: { stream: options.initializerStream } } : {}),
  });
  return { g, w: new WeightReader(weights, { ignore: defaults.ignore }), precision: options.precision ?? 'fp32', attention };
}
