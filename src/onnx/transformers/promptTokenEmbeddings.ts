/**
 * @file Token-embedding rows of a fixed prompt, taken from the CLIP checkpoint at import time. The
 * studio ships "photo of a id person"'s [77, H] token embeddings as a pack constant, so the browser needs
 * neither a tokenizer nor the 49408×768 table: it copies the constant, writes the id vector at the
 * placeholder row (src/engine/conditioning) and feeds the `inputs_embeds` graph.
 */
import { embedTokens } from '../../engine/conditioning/embedTokens';
import { ClipTextWeights, type WeightMap } from './clipTextWeights';

/** `text_model.embeddings.token_embedding.weight` as a table: float32 [vocab × hidden], row-major. */
export interface TokenEmbeddingTable {
  vocab: number;
  hidden: number;
  data: Float32Array;
}

/** The token embedding table of a CLIP text checkpoint. */
export function tokenEmbeddingTable(weights: WeightMap): TokenEmbeddingTable {
  const w = new ClipTextWeights(weights);
  const t = weights.get(w.key('embeddings.token_embedding.weight'));
  if (!t || t.shape.length !== 2) throw new Error('tokenEmbeddingTable: token_embedding.weight must be 2-D [vocab, hidden]');
  return { vocab: t.shape[0], hidden: t.shape[1], data: t.data };
}

/**
 * @param ids token ids [L] (L = 77 for CLIP), e.g. `arc2facePromptIds()`
 * @returns new float32 [L × H], row i = table[ids[i]] (no position embeddings: the graph adds them)
 */
export function promptTokenEmbeddings(weights: WeightMap, ids: ArrayLike<number | bigint>): Float32Array {
  const table = tokenEmbeddingTable(weights);
  return embedTokens(ids, table.data, table.hidden);
}
