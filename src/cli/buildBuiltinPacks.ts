/**
 * `npm run models`: writes every built-in pack into `models/<id>/` plus `models/index.json`.
 * Deterministic: re-running produces byte-identical files, and unchanged packs are left untouched.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtinPacks } from '../packs/builtin/registry';

const out = resolve(process.argv[2] ?? 'models');

async function main() {
  const index: { id: string; name: string; kind: string; bytes: number; testOnly: boolean }[] = [];
  for (const entry of builtinPacks) {
    const t0 = performance.now();
    const pack = await entry.build();
    const dir = join(out, entry.id);
    mkdirSync(dir, { recursive: true });
    let written = 0;
    for (const [name, bytes] of pack.files) {
      const path = join(dir, name);
      if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) continue;
      writeFileSync(path, bytes);
      written++;
    }
    const bytes = [...pack.files.values()].reduce((a, b) => a + b.byteLength, 0);
    index.push({ id: pack.manifest.id, name: pack.manifest.name, kind: pack.manifest.kind, bytes, testOnly: Boolean(pack.manifest.testOnly) });
    console.log(`models/${entry.id}: ${pack.files.size} files, ${(bytes / 1024).toFixed(0)} KB, ${written} written (${(performance.now() - t0).toFixed(0)} ms)`);
  }
  writeFileSync(join(out, 'index.json'), JSON.stringify({ packs: index }, null, 2) + '\n');
}

main().catch((e) => {
  console.error(`npm run models failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
