/**
 * Token ids of Arc2Face's fixed prompt "photo of a id person" and of the empty (unconditional) prompt,
 * as the SD1.5 CLIP tokenizer produces them (`padding="max_length"`, 77, pad = `<|endoftext|>`).
 * Source: method.md §b.3/§b.4, checked against the SD1.5 `tokenizer/vocab.json`
 * (fixtures/README.md: photo=1125, of=539, a=320, id=1014, person=2533).
 */

/** CLIP text context length. */
export const CLIP_MAX_LENGTH = 77;
/** `<|startoftext|>` in the SD1.5 vocabulary. */
export const CLIP_BOS_TOKEN_ID = 49406;
/** `<|endoftext|>`, also the pad token of SD1.5's tokenizer. */
export const CLIP_EOS_TOKEN_ID = 49407;
/** `tokenizer.encode("id", add_special_tokens=False)[0]` — the placeholder whose embedding Arc2Face replaces. */
export const ARC2FACE_ID_TOKEN_ID = 1014;

const PROMPT_TOKENS = [1125, 539, 320, ARC2FACE_ID_TOKEN_ID, 2533]; // photo of a id person

function padded(tokens: readonly number[]): Int32Array {
  const ids = new Int32Array(CLIP_MAX_LENGTH).fill(CLIP_EOS_TOKEN_ID);
  ids[0] = CLIP_BOS_TOKEN_ID;
  ids.set(tokens, 1);
  return ids;
}

/** `[49406, 1125, 539, 320, 1014, 2533, 49407 × 71]` — int32 [77]; the placeholder sits at index 4. */
export function arc2facePromptIds(): Int32Array {
  return padded(PROMPT_TOKENS);
}

/** `[49406, 49407 × 76]` — the prompt "" diffusers encodes for the CFG branch. int32 [77] */
export function emptyPromptIds(): Int32Array {
  return padded([]);
}
