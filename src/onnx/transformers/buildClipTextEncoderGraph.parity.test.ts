/**
 * Parity of the CLIP text encoder graphs (transformers 4.36 CLIPTextModel / Arc2Face wrapper) with
 * fixtures/text_encoder through onnxruntime-web (WASM, 1 thread): max abs ≤ 1e-4 for every output
 * (fixtures/README.md); fp16 weight storage within a looser bound.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../testing/fixtures';
import { checkTextEncoderFixtureFolder, formatParityRows, type ParityRow } from './parity';

const dir = fixturePath('text_encoder');
const readFile = (p: string): Uint8Array => readFileSync(p);

function expectRows(rows: ParityRow[], names: string[]): void {
  console.log(formatParityRows(rows));
  expect(rows.map((r) => r.output).sort()).toEqual([...names].sort());
  for (const r of rows) expect(r.maxAbs, `${r.file} ${r.output}`).toBeLessThanOrEqual(r.tolerance);
}

const EXPECTED = [
  'last_hidden_state', 'pooler_output', 'debug.embeddings', 'debug.encoder.layers.0', 'debug.encoder.layers.1',
  'input_token_embs_0', 'input_token_embs_1', 'encoder_hidden_states_0', 'encoder_hidden_states_1', 'negative_encoder_hidden_states',
];

describe('CLIP text encoder parity (fixtures/text_encoder)', () => {
  it('float32 weights: io_plain and io_arc2face outputs within 1e-4', async () => {
    expectRows(await checkTextEncoderFixtureFolder(dir, readFile), EXPECTED);
  });

  it('float16 weight storage stays close (≤ 5e-3)', async () => {
    const rows = await checkTextEncoderFixtureFolder(dir, readFile, { weightsDtype: 'float16', tolerance: 5e-3 });
    expectRows(rows, EXPECTED);
    // fp16 storage must actually change something (weights were rounded), yet stay close.
    expect(rows.find((r) => r.output === 'last_hidden_state')!.maxAbs).toBeGreaterThan(1e-7);
  });
});
