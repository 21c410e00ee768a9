import { readdir, readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../testing/fixtures';
import { checkUNetFixtureFolder, formatParity, type FixtureFolderIO } from './parity';

const io: FixtureFolderIO = {
  readFile: async (p) => new Uint8Array(await readFile(p)),
  listFiles: (d) => readdir(d),
};

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe('UNet2DConditionModel graph vs diffusers 0.29.2 (fixtures/unet)', () => {
  it('fp32, plain and MultiHeadAttention attention: noise_pred and every debug tensor within 1e-4', async () => {
    const report = await checkUNetFixtureFolder(fixturePath('unet'), io);
    console.log(formatParity(report));
    // io_case0 (with all debug.* tensors) and io_case1 (non-square, fractional timestep), both attention forms.
    expect(report.cases.map((c) => `${c.file}/${c.attention}`).sort()).toEqual([
      'io_case0.safetensors/mha', 'io_case0.safetensors/plain', 'io_case1.safetensors/mha', 'io_case1.safetensors/plain',
    ]);
    const case0 = report.cases.find((c) => c.file === 'io_case0.safetensors')!;
    expect(case0.tensors.map((t) => t.name)).toContain('debug.up_blocks.1');
    expect(case0.tensors).toHaveLength(11);
    for (const c of report.cases) for (const t of c.tensors) expect(t.maxAbs, `${c.file} ${c.attention} ${t.name}`).toBeLessThanOrEqual(1e-4);
    expect(report.pass).toBe(true);
  });

  it('fp16 graph (fp16 weights/activations, fp32 norms) stays within 5e-2 of the fp32 reference', async () => {
    const report = await checkUNetFixtureFolder(fixturePath('unet'), io, {
      variants: [{ precision: 'fp16', attention: 'plain' }, { precision: 'fp16', attention: 'mha' }],
    });
    console.log(formatParity(report));
    for (const c of report.cases) for (const t of c.tensors) expect(t.maxAbs, `${c.file} ${c.attention} ${t.name}`).toBeLessThanOrEqual(5e-2);
    // Also not trivially equal: fp16 rounding must show up, or the graph silently ran in fp32.
    expect(Math.max(...report.cases.map((c) => c.tensors[0].maxAbs))).toBeGreaterThan(1e-5);
  });
});
