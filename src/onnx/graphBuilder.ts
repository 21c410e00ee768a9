/**
 * @file Typed, deterministic ONNX graph builder: graph inputs/outputs, initializers from typed arrays,
 * nodes with exactly-typed attributes, scoped readable names, optional fp16 weight storage and
 * external data. The same sequence of calls always encodes to the same bytes (names come from
 * counters, never from time or randomness, and everything is kept in insertion order).
 */
import { encodeAttribute, type Attrs } from './attributes';
import { planExternalData, type ExternalDataOptions, type ExternalFile, type ExternalPlacement } from './externalData';
import { float32ArrayToFloat16 } from './float16';
import { DataLocation, encodeModel, type NodeObject, type OpsetObject, type TensorObject, type ValueInfoObject } from './onnxProto';
import { checkTensor, ONNX_DTYPE, rawBytes, type DType, type TensorData } from './tensorData';

/** A graph input/output shape: numbers are fixed sizes, strings are symbolic (free) dimensions. */
export type Shape = readonly (number | string)[];

/** Options for {@link GraphBuilder}. */
export interface GraphBuilderOptions {
  /** Graph name (GraphProto.name). */
  name: string;
  /** Default-domain (ai.onnx) opset version; 17 has LayerNormalization, which SD graphs need. */
  opset?: number;
  /** ModelProto.ir_version; 8 is what opset 17 pairs with and what ORT-web 1.30 loads. */
  irVersion?: number;
  /** Extra opset imports by domain, e.g. `{ 'com.microsoft': 1 }` for contrib ops like MultiHeadAttention. */
  extraOpsets?: Record<string, number>;
  /** ModelProto.producer_name (default `digi2real-studio`). */
  producerName?: string;
  /** ModelProto.doc_string. */
  docString?: string;
  /**
   * Hands each initializer's bytes to `stream` soon after it is added (at the next node, or at build) and
   * keeps only its placement, so an importer never holds a whole model's weights (src/onnx/externalDataStream.ts).
   * Storage conversion (`weightsDtype`, `keepFloat32`) is applied then, so it is given here, not to build().
   */
  streamInitializers?: { stream: InitializerStream } & BuildOptions;
}

/** Receives initializers in order in their stored form; returns where their bytes went, or undefined to keep them inline. */
export interface InitializerStream {
  place(name: string, stored: TensorData): ExternalPlacement | undefined;
}

/** Options for {@link GraphBuilder.node} / {@link GraphBuilder.nodeOutputs}. */
export interface NodeOptions {
  /** Node name leaf, prefixed with the current scope (default: the op type); made unique with `_1`, `_2`, …. */
  name?: string;
  /** Operator domain; must be the default domain or one given in `extraOpsets`. */
  domain?: string;
  /** Number of outputs (default 1, or `outputNames.length`). */
  outputs?: number;
  /** Exact output value names instead of generated ones (e.g. to name a graph output directly). */
  outputNames?: string[];
}

/** Options for {@link GraphBuilder.build}. */
export interface BuildOptions {
  /**
   * Storage type of float32 initializers. `float16` converts them (round-to-nearest-even) unless
   * `keepFloat32` says otherwise. The graph is not rewritten: the caller builds it for the dtype it
   * stores (e.g. Cast nodes after fp16 weights, fp32 normalisation params kept via `keepFloat32`).
   */
  weightsDtype?: 'float32' | 'float16';
  /** With `weightsDtype: 'float16'`: return true to keep this float32 initializer as float32. */
  keepFloat32?: (name: string, tensor: TensorData) => boolean;
}

/** Result of a build with external data: the model plus files to store beside it. */
export interface ModelWithExternalData {
  model: Uint8Array;
  externalFiles: ExternalFile[];
}

/** Protobuf messages cannot exceed 2 GiB; anything bigger must go to external data. */
const MAX_PROTO_BYTES = 2 ** 31 - 1;
const DEFAULT_DOMAIN = '';

/** Builds one ONNX model. Names passed verbatim (inputs, initializers, outputNames) must be unique. */
export class GraphBuilder {
  private readonly opts: Required<Omit<GraphBuilderOptions, 'docString' | 'streamInitializers'>> & Pick<GraphBuilderOptions, 'docString' | 'streamInitializers'>;
  private readonly nodes: NodeObject[] = [];
  private readonly initializers: { name: string; tensor: TensorData; placement?: ExternalPlacement }[] = [];
  /** Initializers not yet handed to `streamInitializers` (their storage dtype may still be decided). */
  private streamedUpTo = 0;
  private readonly inputs: ValueInfoObject[] = [];
  private readonly outputs: ValueInfoObject[] = [];
  private readonly values = new Set<string>();
  private readonly nodeNames = new Set<string>();
  /** Next suffix per base name, so repeated bases stay O(1) and deterministic. */
  private readonly nextSuffix = new Map<string, number>();
  private readonly scopes: string[] = [];

  constructor(options: GraphBuilderOptions) {
    this.opts = {
      opset: 17,
      irVersion: 8,
      extraOpsets: {},
      producerName: 'digi2real-studio',
      ...options,
    };
  }

  /** Declares a graph input with an exact name; returns the name. */
  input(name: string, dtype: DType, shape: Shape): string {
    this.claimValue(name);
    this.inputs.push(valueInfo(name, dtype, shape));
    return name;
  }

  /**
   * Marks an existing value as a graph output. With `exposedName`, an Identity node republishes it
   * under that name (useful when the value is a graph input, initializer or auto-named). Returns the output name.
   */
  output(valueName: string, dtype: DType, shape: Shape, exposedName?: string): string {
    this.requireValue(valueName, 'graph output');
    let name = valueName;
    if (exposedName !== undefined && exposedName !== valueName) {
      name = this.node('Identity', [valueName], {}, { name: `${exposedName}_identity`, outputNames: [exposedName] });
    }
    if (this.outputs.some((o) => o.name === name)) throw new Error(`Value "${name}" is already a graph output`);
    this.outputs.push(valueInfo(name, dtype, shape));
    return name;
  }

  /** Adds an initializer under an exact (unscoped) name, e.g. a checkpoint key; returns the name. */
  initializer(name: string, tensor: TensorData): string {
    checkTensor(name, tensor);
    this.claimValue(name);
    this.initializers.push({ name, tensor });
    return name;
  }

  /** Adds an initializer named `<scope>.<nameHint>` (made unique); returns the name. */
  constant(nameHint: string, tensor: TensorData): string {
    return this.initializer(this.uniqueName(this.scopedName(nameHint), this.values), tensor);
  }

  /** float32 constant; `dims` defaults to `[data.length]`. */
  constF32(nameHint: string, data: Float32Array | readonly number[], dims?: readonly number[]): string {
    const arr = data instanceof Float32Array ? data : Float32Array.from(data);
    return this.constant(nameHint, { dtype: 'float32', dims: [...(dims ?? [arr.length])], data: arr });
  }

  /** int64 constant (shapes, axes, indices); `dims` defaults to `[values.length]`. */
  constI64(nameHint: string, values: readonly number[], dims?: readonly number[]): string {
    const data = BigInt64Array.from(values, (v) => {
      if (!Number.isSafeInteger(v)) throw new Error(`constI64 "${nameHint}": ${v} is not a safe integer`);
      return BigInt(v);
    });
    return this.constant(nameHint, { dtype: 'int64', dims: [...(dims ?? [data.length])], data });
  }

  /** float32 scalar constant (dims `[]`). */
  scalarF32(nameHint: string, value: number): string {
    return this.constF32(nameHint, [value], []);
  }

  /** Adds a node and returns its first output name. See {@link nodeOutputs}. */
  node(opType: string, inputs: readonly string[], attrs?: Attrs, opts?: NodeOptions): string {
    return this.nodeOutputs(opType, inputs, attrs, opts)[0];
  }

  /**
   * Adds a node and returns all its output names. Inputs must already exist (graph input, initializer
   * or earlier node output), which also keeps nodes topologically sorted; `''` marks a skipped optional input.
   */
  nodeOutputs(opType: string, inputs: readonly string[], attrs: Attrs = {}, opts: NodeOptions = {}): string[] {
    this.flushInitializers();
    const domain = opts.domain ?? DEFAULT_DOMAIN;
    if (domain !== DEFAULT_DOMAIN && domain !== 'ai.onnx' && !(domain in this.opts.extraOpsets)) {
      throw new Error(`Node ${opType}: domain "${domain}" is not imported; add { '${domain}': <version> } to extraOpsets`);
    }
    const nodeName = this.uniqueName(this.scopedName(opts.name ?? opType), this.nodeNames);
    this.nodeNames.add(nodeName);
    for (const input of inputs) {
      if (input !== '') this.requireValue(input, `input of node "${nodeName}" (${opType})`);
    }
    const count = opts.outputNames?.length ?? opts.outputs ?? 1;
    if (opts.outputNames && opts.outputs !== undefined && opts.outputs !== opts.outputNames.length) {
      throw new Error(`Node "${nodeName}": outputs (${opts.outputs}) and outputNames (${opts.outputNames.length}) disagree`);
    }
    const outputs: string[] = [];
    for (let i = 0; i < count; i++) {
      const exact = opts.outputNames?.[i];
      if (exact !== undefined) {
        this.claimValue(exact);
        outputs.push(exact);
      } else {
        const name = this.uniqueName(`${nodeName}_out${i}`, this.values);
        this.claimValue(name);
        outputs.push(name);
      }
    }
    const attribute = Object.entries(attrs)
      .filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined)
      .map(([k, v]) => encodeAttribute(k, v, inlineTensor));
    const node: NodeObject = { input: [...inputs], output: outputs, name: nodeName, op_type: opType, attribute };
    if (domain !== DEFAULT_DOMAIN) node.domain = domain;
    this.nodes.push(node);
    return outputs;
  }

  /** Runs `fn` with `prefix` appended to the name scope (joined with '.'), e.g. `down_blocks.0.resnets.0`. */
  scope<T>(prefix: string, fn: () => T): T {
    this.scopes.push(prefix);
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** `leaf` prefixed with the current scope (no uniqueness check). */
  scopedName(leaf: string): string {
    return [...this.scopes, leaf].join('.');
  }

  /** Whether a value (input, initializer or node output) with this name exists. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Encodes the model, writing initializers of at least `minBytes` to external data files. */
  build(options: BuildOptions & { externalData: ExternalDataOptions }): ModelWithExternalData;
  /** Encodes the model with all initializers inline (throws past protobuf's 2 GiB limit). */
  build(options?: BuildOptions): Uint8Array;
  build(options: BuildOptions & { externalData?: ExternalDataOptions } = {}): Uint8Array | ModelWithExternalData {
    if (this.outputs.length === 0) throw new Error(`Graph "${this.opts.name}" has no outputs; call output() first`);
    const streaming = this.opts.streamInitializers !== undefined;
    if (streaming && options.externalData) throw new Error(`Graph "${this.opts.name}" streams its initializers; build it without externalData`);
    this.flushInitializers();
    // Streamed initializers were converted and placed already; only the rest are converted here.
    const stored = this.initializers.map(({ name, tensor, placement }) => ({ name, tensor: streaming ? tensor : storedTensor(name, tensor, options), placement }));
    const withBytes = stored.map(({ name, tensor, placement }) => ({ name, tensor, placement, bytes: placement ? new Uint8Array(0) : rawBytes(tensor) }));
    const plan = options.externalData ? planExternalData(withBytes, options.externalData) : undefined;

    let inlineBytes = 0;
    const initializer: TensorObject[] = withBytes.map(({ name, tensor, bytes, placement }, i) => {
      const place = placement ?? plan?.placements[i];
      const proto: TensorObject = { name, dims: [...tensor.dims], data_type: ONNX_DTYPE[tensor.dtype] };
      if (!place) {
        inlineBytes += bytes.byteLength;
        proto.raw_data = bytes;
        return proto;
      }
      proto.data_location = DataLocation.EXTERNAL;
      proto.external_data = [
        { key: 'location', value: place.location },
        { key: 'offset', value: String(place.offset) },
        { key: 'length', value: String(place.length) },
      ];
      return proto;
    });
    if (inlineBytes > MAX_PROTO_BYTES) {
      throw new Error(`Inline initializers total ${inlineBytes} bytes, over protobuf's 2 GiB limit; build with externalData`);
    }

    const opsetImport: OpsetObject[] = [
      { domain: DEFAULT_DOMAIN, version: this.opts.opset },
      ...Object.keys(this.opts.extraOpsets).sort().map((domain) => ({ domain, version: this.opts.extraOpsets[domain] })),
    ];
    const model = encodeModel({
      ir_version: this.opts.irVersion,
      opset_import: opsetImport,
      producer_name: this.opts.producerName,
      ...(this.opts.docString !== undefined ? { doc_string: this.opts.docString } : {}),
      graph: {
        name: this.opts.name,
        node: this.nodes,
        initializer,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return plan ? { model, externalFiles: plan.files } : model;
  }

  /** Streams every initializer added since the last flush (see GraphBuilderOptions.streamInitializers). */
  private flushInitializers(): void {
    const streamOpts = this.opts.streamInitializers;
    if (!streamOpts) return;
    for (; this.streamedUpTo < this.initializers.length; this.streamedUpTo++) {
      const entry = this.initializers[this.streamedUpTo];
      const stored = storedTensor(entry.name, entry.tensor, streamOpts);
      const placement = streamOpts.stream.place(entry.name, stored);
      // Drop the data of a placed tensor: keeping it is exactly what streaming avoids.
      entry.tensor = placement ? ({ dtype: stored.dtype, dims: stored.dims, data: new (stored.data.constructor as new (n: number) => typeof stored.data)(0) } as TensorData) : stored;
      entry.placement = placement;
    }
  }

  private claimValue(name: string): void {
    if (!name) throw new Error('Value names must be non-empty');
    if (this.values.has(name)) throw new Error(`Value name "${name}" is already used in graph "${this.opts.name}"`);
    this.values.add(name);
  }

  private requireValue(name: string, role: string): void {
    if (!this.values.has(name)) throw new Error(`Unknown value "${name}" used as ${role}; declare it with input(), an initializer, or an earlier node`);
  }

  /** Returns `base`, or `base_1`, `base_2`, … — the first not in `used` (the caller claims it). */
  private uniqueName(base: string, used: Set<string>): string {
    let name = base;
    let k = this.nextSuffix.get(base) ?? 1;
    while (used.has(name)) name = `${base}_${k++}`;
    this.nextSuffix.set(base, k);
    return name;
  }
}

function valueInfo(name: string, dtype: DType, shape: Shape): ValueInfoObject {
  const dim = shape.map((d) => {
    if (typeof d === 'string') return { dim_param: d };
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`Value "${name}": bad dimension ${d}`);
    return { dim_value: d };
  });
  return { name, type: { tensor_type: { elem_type: ONNX_DTYPE[dtype], shape: { dim } } } };
}

/** TensorProto with inline raw_data (used for TENSOR attributes such as Constant's `value`). */
function inlineTensor(t: TensorData): TensorObject {
  checkTensor('attribute', t);
  return { dims: [...t.dims], data_type: ONNX_DTYPE[t.dtype], raw_data: rawBytes(t) };
}

/** Applies the fp16 storage option to one initializer. */
function storedTensor(name: string, t: TensorData, options: BuildOptions): TensorData {
  if (options.weightsDtype !== 'float16' || t.dtype !== 'float32') return t;
  if (options.keepFloat32?.(name, t)) return t;
  return { dtype: 'float16', dims: t.dims, data: float32ArrayToFloat16(t.data) };
}
