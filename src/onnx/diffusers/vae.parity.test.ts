import { readdir, readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../testing/fixtures';
import { checkVaeFixtureFolder, formatParity, type FixtureFolderIO } from './parity';

const io: FixtureFolderIO = {
  readFile: async (p) => new Uint8Array(await readFile(p)),
  listFiles: (d) => readdir(d),
};

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe('AutoencoderKL decoder/encoder graphs vs diffusers 0.29.2 (fixtures/vae)', () => {
  it('fp32, plain and MultiHeadAttention attention: outputs and every debug tensor within 1e-4', async () => {
    const report = await checkVaeFixtureFolder(fixturePath('vae'), io);
    console.log(formatParity(report));
    expect(report.cases.map((c) => `${c.file}/${c.attention}`).sort()).toEqual([
      'io_decode_case0.safetensors/mha', 'io_decode_case0.safetensors/plain',
      'io_decode_case1.safetensors/mha', 'io_decode_case1.safetensors/plain',
      'io_encode_case0.safetensors/mha', 'io_encode_case0.safetensors/plain',
    ]);
    const names = (file: string) => report.cases.find((c) => c.file === file)!.tensors.map((t) => t.name);
    expect(names('io_encode_case0.safetensors')).toEqual(expect.arrayContaining(['mean', 'logvar', 'std', 'debug.quant_conv', 'debug.encoder.mid_block']));
    expect(names('io_decode_case0.safetensors')).toEqual(expect.arrayContaining(['sample', 'debug.post_quant_conv', 'debug.decoder.up_blocks.1']));
    for (const c of report.cases) for (const t of c.tensors) expect(t.maxAbs, `${c.file} ${c.attention} ${t.name}`).toBeLessThanOrEqual(1e-4);
    expect(report.pass).toBe(true);
  });

  it('fp16 graphs (fp16 weights/activations, fp32 norms and softmax) stay within 5e-2', async () => {
    const report = await checkVaeFixtureFolder(fixturePath('vae'), io, {
      // plain only: it is the form with explicit fp32 softmax casts (upcast_softmax); MHA-fp16 is covered by the UNet test.
      variants: [{ precision: 'fp16', attention: 'plain' }],
    });
    console.log(formatParity(report));
    for (const c of report.cases) for (const t of c.tensors) expect(t.maxAbs, `${c.file} ${c.attention} ${t.name}`).toBeLessThanOrEqual(5e-2);
    expect(Math.max(...report.cases.map((c) => c.tensors[0].maxAbs))).toBeGreaterThan(1e-5);
  });
});
