/**
 * @file Checks a CLIPTextModel state dict against its config before the graph is built: every tensor
 * the graph needs present with the shape the config implies, and nothing unexpected. The graph
 * builder stops at the first problem; this lists them all (as the diffusers WeightReader does), and
 * catches extra tensors, which usually mean a different architecture or a mislabelled file.
 */
import { WeightMismatchError, type ExpectedTensor, type ShapeMismatch } from '../diffusers/weightReader';
import type { ClipTextConfig } from '../transformers/clipTextConfig';

/** Buffers some transformers versions save but no graph consumes. */
const IGNORED = new Set(['embeddings.position_ids']);

/** Every parameter of `CLIPTextModel` (relative to `text_model.`) with its shape. */
export function expectedClipTextTensors(config: ClipTextConfig): ExpectedTensor[] {
  const h = config.hidden_size;
  const i = config.intermediate_size;
  const out: ExpectedTensor[] = [
    { name: 'embeddings.token_embedding.weight', dims: [config.vocab_size, h] },
    { name: 'embeddings.position_embedding.weight', dims: [config.max_position_embeddings, h] },
  ];
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `encoder.layers.${l}`;
    for (const proj of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) {
      out.push({ name: `${p}.self_attn.${proj}.weight`, dims: [h, h] }, { name: `${p}.self_attn.${proj}.bias`, dims: [h] });
    }
    for (const ln of ['layer_norm1', 'layer_norm2']) out.push({ name: `${p}.${ln}.weight`, dims: [h] }, { name: `${p}.${ln}.bias`, dims: [h] });
    out.push(
      { name: `${p}.mlp.fc1.weight`, dims: [i, h] }, { name: `${p}.mlp.fc1.bias`, dims: [i] },
      { name: `${p}.mlp.fc2.weight`, dims: [h, i] }, { name: `${p}.mlp.fc2.bias`, dims: [h] },
    );
  }
  out.push({ name: 'final_layer_norm.weight', dims: [h] }, { name: 'final_layer_norm.bias', dims: [h] });
  return out;
}

/**
 * @param shapes tensor name → shape of the checkpoint (keys with or without `text_model.`)
 * @param label file name for the message
 * @throws WeightMismatchError listing every missing, mis-shaped and unexpected tensor
 */
export function checkClipTextWeights(config: ClipTextConfig, shapes: ReadonlyMap<string, readonly number[]>, label: string): void {
  const prefix = shapes.has('text_model.embeddings.token_embedding.weight') || !shapes.has('embeddings.token_embedding.weight') ? 'text_model.' : '';
  const missing: ExpectedTensor[] = [];
  const mismatched: ShapeMismatch[] = [];
  const used = new Set<string>();
  for (const e of expectedClipTextTensors(config)) {
    const name = prefix + e.name;
    used.add(name);
    const have = shapes.get(name);
    if (!have) missing.push({ name, dims: e.dims });
    else if (have.length !== e.dims.length || have.some((d, k) => d !== e.dims[k])) mismatched.push({ name, dims: e.dims, fileDims: [...have] });
  }
  const extra = [...shapes.keys()].filter((n) => !used.has(n) && !IGNORED.has(n.startsWith(prefix) ? n.slice(prefix.length) : n)).sort();
  if (missing.length || mismatched.length || extra.length) throw new WeightMismatchError(label, missing, extra, mismatched);
}
