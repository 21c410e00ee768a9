/**
 * The two Node CLIs, run through their exported `main`: `npm run parity` on fixtures/ (exit 0) and on
 * deliberately corrupted copies (exit 1, FAIL lines), and `npm run import` on the tiny model's files
 * written to disk (exit 0 and a loadable pack), on bad files (exit 1) and bad arguments (exit 2).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main as importMain } from '../../cli/import';
import { detectFixtureKind, main as parityMain } from '../../cli/parity';
import { readSafetensors } from '../../io/safetensors';
import { writeSafetensors, type SafetensorsTensorInput } from '../../io/safetensorsWriter';
import { parseManifest } from '../../packs/manifest';
import { buildArc2FaceTinySourceFiles } from '../../packs/builtin/arc2faceTinySourceFiles';

const FIX = join(__dirname, '../../../fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'd2r-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

/** Rewrites `path` with tensor `name` changed by `edit`. */
function perturb(path: string, name: string, edit: (data: Float32Array | Float64Array) => void): void {
  const f = readSafetensors(new Uint8Array(readFileSync(path)));
  const map = new Map<string, SafetensorsTensorInput>([...f.tensors].map(([k, t]) => [k, { dtype: t.dtype, shape: t.shape, data: t.data.slice() }]));
  edit(map.get(name)!.data as Float32Array | Float64Array);
  writeFileSync(path, writeSafetensors(map, f.metadata ?? undefined));
}

describe('npm run parity (src/cli/parity.ts main)', () => {
  it('detects each fixture layout', () => {
    expect(detectFixtureKind(join(FIX, 'unet'))).toBe('unet');
    expect(detectFixtureKind(join(FIX, 'vae'))).toBe('vae');
    expect(detectFixtureKind(join(FIX, 'text_encoder'))).toBe('text_encoder');
    expect(detectFixtureKind(join(FIX, 'schedulers'))).toBe('schedulers');
    expect(detectFixtureKind(join(FIX, 'schedulers/euler'))).toBe('scheduler');
    expect(detectFixtureKind(join(FIX, 'align'))).toBe('align');
    expect(detectFixtureKind(FIX)).toBeUndefined();
  });

  it('passes on all of fixtures/ (exit 0) and prints max/mean abs error per output', async () => {
    const c = capture();
    expect(await parityMain([FIX, '--fast'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('11/11 fixture folders pass');
    expect(text).toMatch(/io_case0\.safetensors fp32\/plain noise_pred max=\S+ mean=\S+ ok/);
    expect(text).toMatch(/ok {3}io_arc2face\.safetensors encoder_hidden_states_0: max abs \S+, mean abs/);
    expect(text).toMatch(/io_decode_case0\.safetensors fp32\/plain sample max=/);
    expect(text).toContain('dpmsolver_multistep (DPMSolverMultistepScheduler): PASS');
    expect(text).toMatch(/ok {3}warped_cv2_5 \(uint8 norm_crop\): max abs 0/);
    expect(c.err).toEqual([]);
  }, 120_000);

  it('fails (exit 1) on a corrupted VAE reference and a corrupted alignment matrix', async () => {
    const vae = join(tmp, 'vae');
    cpSync(join(FIX, 'vae'), vae, { recursive: true });
    perturb(join(vae, 'io_decode_case1.safetensors'), 'sample', (d) => (d[5] += 1e-3));
    const align = join(tmp, 'align');
    cpSync(join(FIX, 'align'), align, { recursive: true });
    perturb(join(align, 'align.safetensors'), 'M_3', (d) => (d[2] += 1e-3));
    const c = capture();
    expect(await parityMain([vae, align, '--fast'], c.io)).toBe(1);
    const text = c.out.join('\n');
    expect(text).toMatch(/io_decode_case1\.safetensors fp32\/plain sample max=1\.0\de-3 .* FAIL/);
    expect(text).toMatch(/FAIL M_3 translation: max abs 1\.0\de-3/);
    expect(text).toContain('0/2 fixture folders pass; 2 FAIL');
  }, 60_000);

  it('fails on a perturbed scheduler trajectory and rejects bad arguments', async () => {
    const sch = join(tmp, 'schedulers');
    mkdirSync(sch);
    cpSync(join(FIX, 'schedulers/inputs.safetensors'), join(sch, 'inputs.safetensors'));
    cpSync(join(FIX, 'schedulers/ddim'), join(sch, 'ddim'), { recursive: true });
    perturb(join(sch, 'ddim/txt2img_steps04.safetensors'), 'samples', (d) => (d[d.length - 1] += 0.01));
    const c = capture();
    expect(await parityMain([sch], c.io)).toBe(1);
    expect(c.out.join('\n')).toContain('ddim (DDIMScheduler): FAIL');
    expect(await parityMain([join(tmp, 'nope')], capture().io)).toBe(2);
    expect(await parityMain(['--bogus'], capture().io)).toBe(2);
  });
});

describe('npm run import (src/cli/import.ts main)', () => {
  const src = join(tmp, 'src');
  const files = buildArc2FaceTinySourceFiles();
  for (const k of ['unet', 'encoder', 'vae'] as const) {
    mkdirSync(join(src, k), { recursive: true });
    for (const [n, b] of files[k]) writeFileSync(join(src, k, n), b);
  }
  writeFileSync(join(src, 'arcface.onnx'), files.arcface);
  const args = (out: string, extra: string[] = []) => ['--unet', join(src, 'unet'), '--encoder', join(src, 'encoder'), '--vae', join(src, 'vae'), '--arcface', join(src, 'arcface.onnx'), '--out', out, ...extra];

  it('imports the files on disk into a valid pack folder and prints sizes', async () => {
    const out = join(tmp, 'pack');
    const c = capture();
    expect(await importMain(args(out, ['--id', 'my-arc2face']), c.io)).toBe(0);
    const manifest = parseManifest(readFileSync(join(out, 'manifest.json'), 'utf8'), 'my-arc2face');
    expect(manifest.id).toBe('my-arc2face');
    for (const c2 of Object.values(manifest.components)) expect(readFileSync(join(out, c2.file)).byteLength).toBe(c2.bytes);
    expect(c.out.join('\n')).toMatch(/unet\s+unet\.onnx\s+[\d.]+ MB/);
    expect(c.out.join('\n')).toMatch(/total [\d.]+ MB in 8 files; resolution 64, id dim 16/);
    expect(c.err.some((l) => l.startsWith('[import] build     unet'))).toBe(true);
  }, 60_000);

  it('exits 1 naming the file on a truncated weight file, writing nothing', async () => {
    const bad = join(tmp, 'bad');
    cpSync(src, bad, { recursive: true });
    const st = join(bad, 'vae', 'diffusion_pytorch_model.safetensors');
    writeFileSync(st, readFileSync(st).subarray(0, 5000));
    const out = join(tmp, 'bad-pack');
    const c = capture();
    const code = await importMain(['--unet', join(bad, 'unet'), '--encoder', join(bad, 'encoder'), '--vae', join(bad, 'vae'), '--arcface', join(bad, 'arcface.onnx'), '--out', out], c.io);
    expect(code).toBe(1);
    expect(c.err.join('\n')).toMatch(/import failed \(TRUNCATED, vae\/diffusion_pytorch_model\.safetensors\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on bad arguments', async () => {
    const c = capture();
    expect(await importMain(['--unet', join(src, 'unet')], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('missing --encoder, --vae, --arcface, --out');
    expect(await importMain(args(join(tmp, 'x'), ['--precision', 'int8']), capture().io)).toBe(2);
    expect(await importMain(['--unet', join(tmp, 'missing-dir'), '--encoder', 'a', '--vae', 'b', '--arcface', 'c', '--out', 'd'], capture().io)).toBe(2);
  });
});
