/**
 * `npm run import -- --unet <dir> --encoder <dir> --vae <dir> --arcface <file> --out <packDir> [--precision fp16|fp32] [--id arc2face]`
 *
 * Imports the official Arc2Face files (FoivosPar/Arc2Face `arc2face/`, `encoder/`, `arcface.onnx`, and an
 * SD1.5 `vae/` folder) into a model pack folder with src/onnx/importer. Progress goes to stderr, a
 * summary with file sizes to stdout. Exit code 1 with a message naming the file on bad input, 2 on
 * bad arguments. Nothing is written unless the whole import succeeded.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImportError } from '../onnx/importer/importError';
import { importArc2FacePack, type Arc2FaceImportProgress } from '../onnx/importer/importArc2FacePack';
import type { ImportFile, ImportFolder } from '../onnx/importer/importSources';

const USAGE = 'usage: npm run import -- --unet <dir> --encoder <dir> --vae <dir> --arcface <file.onnx> --out <packDir> [--precision fp16|fp32] [--id <pack-id>]';

/** A file on disk read with positioned reads (no whole-file buffer, so multi-GB weights work). */
export function nodeFile(path: string, label = basename(path)): ImportFile {
  const size = statSync(path).size;
  return {
    name: label,
    size,
    async read(offset, length) {
      const fh = await open(path, 'r');
      try {
        const n = Math.max(0, Math.min(length, size - offset));
        const buf = new Uint8Array(n);
        let done = 0;
        // fs reads at most 2 GiB per call.
        while (done < n) {
          const { bytesRead } = await fh.read(buf, done, Math.min(n - done, 1 << 30), offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === n ? buf : buf.subarray(0, done);
      } finally {
        await fh.close();
      }
    },
  };
}

/** A folder on disk; files are labelled `<folder name>/<file>` in messages. */
export function nodeFolder(dir: string): ImportFolder {
  const name = basename(resolve(dir));
  return {
    name,
    async open(fileName) {
      const path = join(dir, fileName);
      return existsSync(path) && statSync(path).isFile() ? nodeFile(path, `${name}/${fileName}`) : undefined;
    },
  };
}

interface Args { unet: string; encoder: string; vae: string; arcface: string; out: string; precision: 'fp32' | 'fp16'; id?: string }

function parseArgs(argv: readonly string[]): Args | string {
  const got: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return USAGE;
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(a);
    if (!m) return `unexpected argument "${a}"\n${USAGE}`;
    const value = m[2] ?? argv[++i];
    if (value === undefined) return `--${m[1]} needs a value\n${USAGE}`;
    got[m[1]] = value;
  }
  const known = ['unet', 'encoder', 'vae', 'arcface', 'out', 'precision', 'id'];
  const unknown = Object.keys(got).filter((k) => !known.includes(k));
  if (unknown.length) return `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `--${k}`).join(', ')}\n${USAGE}`;
  const missing = ['unet', 'encoder', 'vae', 'arcface', 'out'].filter((k) => !got[k]);
  if (missing.length) return `missing ${missing.map((k) => `--${k}`).join(', ')}\n${USAGE}`;
  const precision = got.precision ?? 'fp32';
  if (precision !== 'fp32' && precision !== 'fp16') return `--precision must be fp32 or fp16, got "${precision}"`;
  for (const k of ['unet', 'encoder', 'vae'] as const) {
    if (!existsSync(got[k]) || !statSync(got[k]).isDirectory()) return `--${k} ${got[k]}: not a folder`;
  }
  if (!existsSync(got.arcface) || !statSync(got.arcface).isFile()) return `--arcface ${got.arcface}: not a file`;
  return { unet: got.unet, encoder: got.encoder, vae: got.vae, arcface: got.arcface, out: got.out, precision, id: got.id };
}

/** Progress lines on stderr: one per component start/end and roughly every 10 % of its tensors. */
function progressPrinter(write: (line: string) => void): (p: Arc2FaceImportProgress) => void {
  let lastKey = '';
  let lastTenth = -1;
  return (p) => {
    const key = `${p.stage}:${p.component}`;
    const tenth = p.total ? Math.floor((10 * p.done) / p.total) : 0;
    if (key === lastKey && tenth === lastTenth && p.done !== p.total) return;
    lastKey = key;
    lastTenth = tenth;
    write(`[import] ${p.stage.padEnd(9)} ${p.component.padEnd(11)} ${p.done}/${p.total}${p.tensor ? ` ${p.tensor}` : ''}`);
  };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 3 : 1)} MB`;

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) }): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    (args === USAGE ? io.out : io.err)(args);
    return args === USAGE ? 0 : 2;
  }
  const t0 = performance.now();
  let pack;
  try {
    pack = await importArc2FacePack(
      { unet: nodeFolder(args.unet), encoder: nodeFolder(args.encoder), vae: nodeFolder(args.vae), arcface: nodeFile(args.arcface) },
      { precision: args.precision, id: args.id, onProgress: progressPrinter(io.err) },
    );
  } catch (e) {
    if (e instanceof ImportError) {
      io.err(`import failed (${e.code}${e.file ? `, ${e.file}` : ''}${e.tensor ? `, tensor ${e.tensor}` : ''}):\n${e.message}`);
      return 1;
    }
    io.err(`import failed: ${(e as Error).stack ?? e}`);
    return 1;
  }
  mkdirSync(args.out, { recursive: true });
  for (const [name, bytes] of pack.files) writeFileSync(join(args.out, name), bytes);
  const m = pack.manifest;
  const lines = [`pack "${m.id}" (${m.kind}) written to ${resolve(args.out)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`];
  for (const [name, c] of Object.entries(m.components)) {
    const ext = c.externalData ?? [];
    const total = c.bytes + ext.reduce((a, e) => a + e.bytes, 0);
    lines.push(`  ${name.padEnd(12)} ${c.file.padEnd(20)} ${mb(total).padStart(11)}${ext.length ? ` (${ext.length} external data file${ext.length > 1 ? 's' : ''})` : ''}  ${c.inputs.map((i) => `${i.name}[${i.shape.join(',')}]`).join(' ')} → ${c.outputs.map((o) => o.name).join(', ')}`);
  }
  for (const [name, c] of Object.entries(m.constants ?? {})) lines.push(`  ${name.padEnd(12)} ${c.file.padEnd(20)} ${mb(c.bytes).padStart(11)}  ${c.dtype}[${c.shape.join(',')}]`);
  const total = [...pack.files.values()].reduce((a, b) => a + b.byteLength, 0);
  lines.push(`  total ${mb(total)} in ${pack.files.size} files; resolution ${String(m.preprocessing?.resolution)}, id dim ${String(m.preprocessing?.idDim)}`);
  io.out(lines.join('\n'));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(1);
  });
}
