/**
 * Parity with Arc2Face `project_face_embs` (arc2face/utils.py @ a11633e) on the tiny CLIP fixture
 * (`fixtures/text_encoder`, ID_DIM = 16, hidden 32): token lookup + normalised id injection must equal
 * the stored `input_token_embs_k` (max abs ≤ 1e-6).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, readSafetensors, tensor } from '../face/testSafetensors.test-util';
import { ARC2FACE_ID_TOKEN_ID, arc2facePromptIds, emptyPromptIds } from './arc2facePromptIds';
import { embedTokens } from './embedTokens';
import { findTokenPositions, injectIdAtPlaceholder } from './injectIdAtPlaceholder';
import { l2Normalize } from './l2Normalize';

const io = readSafetensors(fixturePath('text_encoder/io_arc2face.safetensors'));
const model = readSafetensors(fixturePath('text_encoder/model.safetensors'));
const plain = readSafetensors(fixturePath('text_encoder/io_plain.safetensors'));
const table = tensor(model, 'text_model.embeddings.token_embedding.weight', 'F32');
const positions = tensor(model, 'text_model.embeddings.position_embedding.weight', 'F32');
const summary = JSON.parse(readFileSync(fixturePath('text_encoder/summary.json'), 'utf8')) as {
  cases: Record<string, { real_sd15_input_ids?: number[]; placeholder_position?: number; id_dim?: number }>;
};
const HIDDEN = table.shape[1];
const ID_DIM = 16;
/** The fixture's tiny vocabulary maps BOS/EOS into range (fixtures/README.md). */
const toTinyId = (id: number): number => (id === 49406 ? 2998 : id === 49407 ? 2999 : id);

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('Arc2Face conditioning parity (fixtures/text_encoder)', () => {
  const inputIds = tensor(io, 'input_ids', 'I64').data;

  it('prompt ids match the SD1.5 tokenizer output and the stored (tiny-vocab) ids', () => {
    const real = summary.cases['io_arc2face.safetensors'].real_sd15_input_ids;
    expect(Array.from(arc2facePromptIds())).toEqual(real);
    expect(Array.from(arc2facePromptIds(), toTinyId)).toEqual(Array.from(inputIds, Number));
    expect(Array.from(emptyPromptIds(), toTinyId)).toEqual(Array.from(tensor(io, 'negative_input_ids', 'I64').data, Number));
  });

  it('placeholder is the single position where input_ids == 1014', () => {
    expect(HIDDEN).toBe(32);
    expect(summary.cases['io_arc2face.safetensors'].id_dim).toBe(ID_DIM);
    expect(findTokenPositions(inputIds, ARC2FACE_ID_TOKEN_ID)).toEqual([summary.cases['io_arc2face.safetensors'].placeholder_position]);
  });

  for (const k of [0, 1]) {
    it(`id ${k}: normalised id + injection = input_token_embs_${k} (≤ 1e-6)`, () => {
      const raw = tensor(io, `id_embedding_raw_${k}`, 'F32').data;
      expect(maxAbs(l2Normalize(raw), tensor(io, `id_embedding_normalized_${k}`, 'F32').data)).toBeLessThanOrEqual(1e-6);

      const tokens = embedTokens(inputIds, table.data, HIDDEN);
      const got = injectIdAtPlaceholder(tokens, findTokenPositions(inputIds, ARC2FACE_ID_TOKEN_ID), raw, HIDDEN);
      const want = tensor(io, `input_token_embs_${k}`, 'F32');
      expect(want.shape).toEqual([1, 77, HIDDEN]);
      const err = maxAbs(got, want.data);
      expect(err).toBeLessThanOrEqual(1e-6);
      // Zero padding beyond ID_DIM at the placeholder, untouched rows elsewhere.
      expect(Array.from(got.subarray(4 * HIDDEN + ID_DIM, 5 * HIDDEN))).toEqual(new Array(HIDDEN - ID_DIM).fill(0));
      expect(maxAbs(got.subarray(0, 4 * HIDDEN), tokens.subarray(0, 4 * HIDDEN))).toBe(0);
    });
  }

  it('token lookup + position embeddings = debug.embeddings for every io_plain row', () => {
    const ids = tensor(plain, 'input_ids', 'I64');
    const want = tensor(plain, 'debug.embeddings', 'F32').data;
    const [rows, len] = ids.shape;
    for (let r = 0; r < rows; r++) {
      const emb = embedTokens(ids.data.subarray(r * len, (r + 1) * len), table.data, HIDDEN);
      for (let i = 0; i < emb.length; i++) emb[i] += positions.data[i];
      expect(maxAbs(emb, want.subarray(r * len * HIDDEN, (r + 1) * len * HIDDEN))).toBeLessThanOrEqual(1e-6);
    }
  });
});
