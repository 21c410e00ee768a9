/**
 * `npm run parity -- [folder…] [--fast]`
 *
 * Checks the project's re-implementations against reference data computed by diffusers/transformers/
 * insightface, for folders laid out like fixtures/<component> (fixtures/README.md). The kind of each
 * folder is detected from its files:
 * - `align.safetensors` → ArcFace alignment (src/onnx/importer/checkAlignFixture);
 * - `scheduler_config.json` → one scheduler (src/testing/schedulerParity), a folder of such folders → each;
 * - `model.safetensors` + `io_plain.safetensors` → CLIP text encoder incl. the Arc2Face injection;
 * - `diffusion_pytorch_model.safetensors` + `config.json` → UNet2DConditionModel or AutoencoderKL by `_class_name`;
 * - anything else → each sub-folder in turn (so `fixtures/` runs everything; that is also the default).
 * Prints max and mean abs error per output and exits 1 when any exceeds the fixtures/README tolerance
 * (2 on unusable arguments). `--fast` checks only fp32 plain attention for UNet/VAE (default: also MultiHeadAttention).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkUNetFixtureFolder, checkVaeFixtureFolder, formatParity, type FixtureFolderIO, type ParityVariant } from '../onnx/diffusers/parity';
import { checkAlignFixture, formatAlignParity } from '../onnx/importer/checkAlignFixture';
import { checkTextEncoderFixtureFolder, formatParityRows } from '../onnx/transformers/parity';
import { checkSchedulerFixtureFolder, summariseParity } from '../testing/schedulerParity';

export type FixtureKind = 'unet' | 'vae' | 'text_encoder' | 'scheduler' | 'schedulers' | 'align';

/** Output sinks (tests capture them). */
export interface ParityCliIO {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: npm run parity -- [fixture-folder …] [--fast]   (default: fixtures/)';

const fsIO: FixtureFolderIO = {
  readFile: async (path) => new Uint8Array(readFileSync(path)),
  listFiles: async (dir) => readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile()),
};

/** The kind of fixture folder `dir` is, or undefined for a collection of folders (or nothing known). */
export function detectFixtureKind(dir: string): FixtureKind | undefined {
  const has = (n: string) => existsSync(join(dir, n));
  if (has('align.safetensors')) return 'align';
  if (has('scheduler_config.json')) return 'scheduler';
  if (has('model.safetensors') && has('io_plain.safetensors')) return 'text_encoder';
  if (has('diffusion_pytorch_model.safetensors') && has('config.json')) {
    const cls = (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { _class_name?: string })._class_name;
    if (cls === 'AutoencoderKL' || (cls === undefined && readdirSync(dir).some((n) => n.startsWith('io_decode') || n.startsWith('io_encode')))) return 'vae';
    return 'unet';
  }
  if (subfolders(dir).some((d) => existsSync(join(d, 'scheduler_config.json')))) return 'schedulers';
  return undefined;
}

function subfolders(dir: string): string[] {
  return readdirSync(dir).sort().map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
}

/** Checks one folder (recursing into collections); resolves with the number of failed folders. */
async function checkFolder(dir: string, io: ParityCliIO, variants: ParityVariant[] | undefined): Promise<{ checked: number; failed: number }> {
  const kind = detectFixtureKind(dir);
  if (kind === undefined) {
    const subs = subfolders(dir);
    let checked = 0;
    let failed = 0;
    for (const s of subs) {
      const r = await checkFolder(s, io, variants);
      checked += r.checked;
      failed += r.failed;
    }
    return { checked, failed };
  }
  if (kind === 'schedulers') {
    let failed = 0;
    const subs = subfolders(dir).filter((d) => existsSync(join(d, 'scheduler_config.json')));
    for (const s of subs) failed += (await checkFolder(s, io, variants)).failed;
    return { checked: subs.length, failed };
  }
  io.out(`== ${dir} (${kind})`);
  const t0 = performance.now();
  let pass: boolean;
  try {
    pass = await runChecker(kind, dir, io, variants);
  } catch (e) {
    io.err(`FAIL ${dir}: ${(e as Error).message}`);
    pass = false;
  }
  io.out(`${pass ? 'PASS' : 'FAIL'} ${dir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return { checked: 1, failed: pass ? 0 : 1 };
}

async function runChecker(kind: Exclude<FixtureKind, 'schedulers'>, dir: string, io: ParityCliIO, variants: ParityVariant[] | undefined): Promise<boolean> {
  switch (kind) {
    case 'unet':
    case 'vae': {
      const report = await (kind === 'unet' ? checkUNetFixtureFolder : checkVaeFixtureFolder)(dir, fsIO, variants ? { variants } : {});
      io.out(formatParity(report));
      return report.pass;
    }
    case 'text_encoder': {
      const rows = await checkTextEncoderFixtureFolder(dir, (p) => new Uint8Array(readFileSync(p)));
      io.out(formatParityRows(rows));
      return rows.length > 0 && rows.every((r) => r.pass);
    }
    case 'scheduler': {
      const report = checkSchedulerFixtureFolder(dir);
      io.out(summariseParity(report));
      for (const w of report.warnings) io.out(`  warning: ${w}`);
      return report.pass;
    }
    case 'align': {
      const rows = checkAlignFixture(new Uint8Array(readFileSync(join(dir, 'align.safetensors'))));
      io.out(formatAlignParity(rows));
      return rows.length > 0 && rows.every((r) => r.pass);
    }
  }
}

/** Runs the CLI; resolves with the exit code (0 all pass, 1 a check failed, 2 bad arguments). */
export async function main(argv: readonly string[], io: ParityCliIO = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  const flags = argv.filter((a) => a.startsWith('-'));
  const folders = argv.filter((a) => !a.startsWith('-'));
  if (flags.includes('--help') || flags.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const unknown = flags.filter((f) => f !== '--fast');
  if (unknown.length) {
    io.err(`unknown option ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const variants: ParityVariant[] | undefined = flags.includes('--fast') ? [{ precision: 'fp32', attention: 'plain' }] : undefined;
  const targets = folders.length ? folders : ['fixtures'];
  for (const t of targets) {
    if (!existsSync(t) || !statSync(t).isDirectory()) {
      io.err(`${t}: not a folder\n${USAGE}`);
      return 2;
    }
  }
  let checked = 0;
  let failed = 0;
  for (const t of targets) {
    const r = await checkFolder(resolve(t), io, variants);
    checked += r.checked;
    failed += r.failed;
  }
  if (checked === 0) {
    io.err(`no fixture folders found in ${targets.join(', ')} (see fixtures/README.md for the layouts)`);
    return 2;
  }
  io.out(`${checked - failed}/${checked} fixture folders pass${failed ? `; ${failed} FAIL (beyond the fixtures/README.md tolerances)` : ''}`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(1);
  });
}
