/**
 * @file Arc2Face conditioning with the Digi2Real realism offset (method.md §a.2 Eq. 3, §b.3):
 * id vector → zero-padded into the placeholder row of the prompt's token embeddings → text encoder
 * (`inputs_embeds` → `last_hidden_state`) → c; then c' = c + λΔ in the chosen space.
 */
import { applyRealismOffset, type RealismOffsetSpace } from '../conditioning/applyRealismOffset';
import { injectIdAtPlaceholder } from '../conditioning/injectIdAtPlaceholder';
import { l2Normalize } from '../conditioning/l2Normalize';
import { CLIP_MAX_LENGTH } from '../conditioning/arc2facePromptIds';
import { assertTensor, COMPONENT_IO, pickOutput, type FloatTensor, type ModelRunner } from './modelRunner';

export interface RealismOffset {
  /**
   * Δ = mean(real) − mean(DigiFace) in `space`: 'encoder-output' [77×C] or one row [C] (broadcast per
   * token); 'id-vector' [D]. Absent → no offset whatever λ.
   */
  readonly delta?: Float32Array;
  /** λ: 0 = plain Arc2Face, 1 = the full offset. */
  readonly lambda: number;
  readonly space: RealismOffsetSpace;
}

export interface BuildConditioningInput {
  /** Identity vector [D], D ≤ H (need not be unit length; it is normalised before injection). */
  readonly idVector: Float32Array;
  /** Pack constant: token_embedding("photo of a id person") float32 [77×H], WITHOUT position embeddings. */
  readonly promptTokenEmbeddings: Float32Array;
  /** Row(s) of the placeholder "id" token (4 for the SD1.5 tokenizer). */
  readonly placeholderIndex: number | readonly number[];
  /** Pack constant τ("") float32 [77×C] (the CFG negative; method.md §b.4). */
  readonly uncondEmbedding: Float32Array;
  readonly realism?: RealismOffset;
  readonly runner: ModelRunner;
}

export interface Conditioning {
  /** c' [1,77,C]. */
  readonly cond: FloatTensor;
  /** τ("") [1,77,C] — never offset: CFG then pushes from plain "no identity" towards c'. */
  readonly uncond: FloatTensor;
  /** The unit vector actually injected (after an 'id-vector' offset) [D]. */
  readonly injectedId: Float32Array;
}

function hasOffset(r: RealismOffset | undefined): r is RealismOffset & { delta: Float32Array } {
  // λ = 0 (or no Δ) skips the arithmetic entirely, so the result is bit-identical to plain Arc2Face.
  return r !== undefined && r.delta !== undefined && r.lambda !== 0;
}

/**
 * Realism in 'id-vector' space: e' = normalize(e_unit + λΔ), then injected. Why renormalise: Arc2Face
 * was trained only on unit ArcFace vectors (its README divides by the norm before project_face_embs),
 * so the offset acts as a direction change, not a length change.
 * Realism in 'encoder-output' space: c' = τ(e) + λΔ on the text encoder output, unnormalised — the
 * paper's "CLIP space" reading (§a.2 Eq. 3).
 * @throws on shape mismatches (token embeddings not 77 rows, D > H, encoder output size ≠ uncond size)
 */
export async function buildConditioning(input: BuildConditioningInput): Promise<Conditioning> {
  const { promptTokenEmbeddings: tokens, uncondEmbedding, realism, runner } = input;
  if (tokens.length === 0 || tokens.length % CLIP_MAX_LENGTH !== 0) {
    throw new RangeError(`promptTokenEmbeddings must be [${CLIP_MAX_LENGTH} × H], got ${tokens.length} values`);
  }
  const hidden = tokens.length / CLIP_MAX_LENGTH;
  let id = l2Normalize(input.idVector);
  if (hasOffset(realism) && realism.space === 'id-vector') {
    id = l2Normalize(applyRealismOffset(id, realism.delta, realism.lambda, 'id-vector'));
  }
  const embeds = injectIdAtPlaceholder(tokens, input.placeholderIndex, id, hidden, false);
  const io = COMPONENT_IO.textEncoder;
  const out = pickOutput(await runner.run('textEncoder', { [io.input]: { dims: [1, CLIP_MAX_LENGTH, hidden], data: embeds } }), io.output, 'textEncoder');
  assertTensor(out, uncondEmbedding.length, 'textEncoder last_hidden_state (must match the uncond embedding [77×C])');
  const c = uncondEmbedding.length / CLIP_MAX_LENGTH;
  const condData = hasOffset(realism) && realism.space === 'encoder-output'
    ? applyRealismOffset(out.data, realism.delta, realism.lambda, 'encoder-output')
    : out.data.slice();
  return {
    cond: { dims: [1, CLIP_MAX_LENGTH, c], data: condData },
    uncond: { dims: [1, CLIP_MAX_LENGTH, c], data: uncondEmbedding.slice() },
    injectedId: id,
  };
}
