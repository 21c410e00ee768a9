/**
 * Arc2Face `project_face_embs` (arc2face/utils.py), token-embedding part: the ArcFace vector,
 * zero-padded to the text width (`F.pad(face_embs, (0, hidden − 512))`, no projection, no scaling),
 * replaces the token embedding of the placeholder word "id" (method.md §b.3 step 3). The result goes
 * to the text encoder as `inputs_embeds` (position embeddings are added there).
 */
import { l2Normalize } from './l2Normalize';

/** Positions where `inputIds == tokenId` (Arc2Face replaces every such row; "id" occurs once, at 4). */
export function findTokenPositions(inputIds: ArrayLike<number | bigint>, tokenId: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < inputIds.length; i++) if (Number(inputIds[i]) === tokenId) out.push(i);
  return out;
}

/**
 * @param tokenEmbeddings float32 [L × H] (L = 77) from `embedTokens`; not modified
 * @param placeholderIndex row(s) to overwrite, e.g. `findTokenPositions(ids, ARC2FACE_ID_TOKEN_ID)`
 * @param idVector identity vector [D], D ≤ H (512 for ArcFace, 768 hidden)
 * @param hidden H
 * @param normalize default true: write `idVector / ‖idVector‖` — Arc2Face expects unit vectors
 *   (its README normalises before calling `project_face_embs`); pass false to write it as given
 * @returns new float32 [L × H] with row(s) = `[id₀ … id_{D−1}, 0 × (H − D)]`
 */
export function injectIdAtPlaceholder(
  tokenEmbeddings: Float32Array,
  placeholderIndex: number | readonly number[],
  idVector: ArrayLike<number>,
  hidden: number,
  normalize = true,
): Float32Array {
  if (!Number.isInteger(hidden) || hidden <= 0 || tokenEmbeddings.length % hidden !== 0) {
    throw new Error(`injectIdAtPlaceholder: embeddings length ${tokenEmbeddings.length} is not a multiple of hidden ${hidden}`);
  }
  if (idVector.length > hidden) throw new Error(`injectIdAtPlaceholder: id vector length ${idVector.length} > hidden ${hidden}`);
  const rows = tokenEmbeddings.length / hidden;
  const positions = typeof placeholderIndex === 'number' ? [placeholderIndex] : placeholderIndex;
  if (positions.length === 0) throw new Error('injectIdAtPlaceholder: no placeholder position (is the "id" token in the prompt?)');

  const id = normalize ? l2Normalize(idVector) : Float32Array.from(idVector);
  const padded = new Float32Array(hidden); // zeros beyond D, as F.pad(..., value=0)
  padded.set(id);
  const out = tokenEmbeddings.slice();
  for (const p of positions) {
    if (!Number.isInteger(p) || p < 0 || p >= rows) throw new Error(`injectIdAtPlaceholder: position ${p} outside [0, ${rows})`);
    out.set(padded, p * hidden);
  }
  return out;
}
