/**
 * Token-embedding lookup, the first op of transformers `CLIPTextEmbeddings`
 * (`token_embedding(input_ids)`, before position embeddings are added).
 */

/**
 * @param inputIds token ids [L] (int32, numbers, or int64 as bigint)
 * @param table `text_model.embeddings.token_embedding.weight`, float32 [vocab × hidden], row-major
 * @param hidden embedding width H (768 for SD1.5)
 * @returns new float32 [L × H], row `i` = `table[inputIds[i]]`
 * @throws if the table size is not a multiple of H or an id is out of range
 */
export function embedTokens(inputIds: ArrayLike<number | bigint>, table: Float32Array, hidden: number): Float32Array {
  if (!Number.isInteger(hidden) || hidden <= 0 || table.length % hidden !== 0) {
    throw new Error(`embedTokens: table length ${table.length} is not a multiple of hidden ${hidden}`);
  }
  const vocab = table.length / hidden;
  const out = new Float32Array(inputIds.length * hidden);
  for (let i = 0; i < inputIds.length; i++) {
    const id = Number(inputIds[i]);
    if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`embedTokens: token ${i} id ${id} outside vocabulary [0, ${vocab})`);
    out.set(table.subarray(id * hidden, (id + 1) * hidden), i * hidden);
  }
  return out;
}
