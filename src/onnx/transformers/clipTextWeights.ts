/**
 * @file Access to CLIPTextModel parameters by transformers' `state_dict()` names
 * (`text_model.embeddings.token_embedding.weight`, `text_model.encoder.layers.N.self_attn.q_proj.weight`, …),
 * independent of where they were read from (safetensors, pytorch_model.bin).
 */
import { toFloat32, type SafetensorsFile } from '../../io/safetensors';

/** One parameter: row-major float32 data and its shape. */
export interface WeightTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Parameters by checkpoint key. */
export type WeightMap = ReadonlyMap<string, WeightTensor>;

/** Converts a safetensors file (any float dtype) into a {@link WeightMap}. */
export function weightsFromSafetensors(file: SafetensorsFile): WeightMap {
  const out = new Map<string, WeightTensor>();
  for (const [name, t] of file.tensors) out.set(name, { shape: t.shape, data: toFloat32(t.dtype, t.data) });
  return out;
}

/**
 * Looks up CLIP text parameters. `CLIPTextModel.state_dict()` prefixes every key with `text_model.`;
 * a bare `CLIPTextTransformer` (and some converted checkpoints) does not — both are accepted.
 */
export class ClipTextWeights {
  readonly prefix: string;

  constructor(readonly weights: WeightMap) {
    if (weights.has('text_model.embeddings.token_embedding.weight')) this.prefix = 'text_model.';
    else if (weights.has('embeddings.token_embedding.weight')) this.prefix = '';
    else {
      const sample = [...weights.keys()].slice(0, 5).join(', ');
      throw new Error(`CLIP text weights: no "text_model.embeddings.token_embedding.weight" (nor without "text_model."); keys start with: ${sample}`);
    }
  }

  /** Full checkpoint key for a key relative to the text model, e.g. `final_layer_norm.weight`. */
  key(rel: string): string {
    return this.prefix + rel;
  }

  /** The tensor at `rel`, checked against `shape`. */
  get(rel: string, shape: readonly number[]): WeightTensor {
    const key = this.key(rel);
    const t = this.weights.get(key);
    if (!t) throw new Error(`CLIP text weights: missing "${key}"`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`CLIP text weights: "${key}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] from the config`);
    }
    return t;
  }
}
