/**
 * Test inputs written by the test process: simple PNG "faces" (a coloured disc with two eyes, per identity
 * and variation) in DigiFace layout, plus broken files, zipped with Python's zipfile (a writer independent of
 * the app's fflate).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';

export function facePng(identity: number, variation: number, size = 112): Uint8Array {
  const data = new Uint8Array(size * size * 4);
  const hue = (identity * 67) % 255;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const dx = (x - size / 2) / size;
      const dy = (y - size / 2) / size;
      const inFace = dx * dx + dy * dy < 0.12;
      const eye = (Math.hypot(x - size * 0.35, y - size * 0.45) < size * 0.05 || Math.hypot(x - size * 0.65, y - size * 0.45) < size * 0.05) && inFace;
      data[i] = eye ? 20 : inFace ? 180 + ((hue + variation * 9) % 60) : 40 + variation * 20;
      data[i + 1] = eye ? 20 : inFace ? 120 + (hue % 50) : 60;
      data[i + 2] = eye ? 30 : inFace ? 90 : 90 + identity * 10;
      data[i + 3] = 255;
    }
  return encode({ width: size, height: size, data, channels: 4, depth: 8 });
}

/** `<root>/<identity>/<n>.png` for identities × variations, plus a text file posing as a PNG. */
export function makeDigifaceFolder(identities: number, variations: number, size = 112): string {
  const root = mkdtempSync(join(tmpdir(), 'digiface-'));
  const dir = join(root, 'digiface_subset');
  for (let id = 0; id < identities; id++) {
    mkdirSync(join(dir, String(id)), { recursive: true });
    for (let v = 0; v < variations; v++) writeFileSync(join(dir, String(id), `${v}.png`), facePng(id, v, size));
  }
  writeFileSync(join(dir, '0', '99.png'), 'this is a text file, not a PNG');
  writeFileSync(join(dir, 'README.txt'), 'not an image');
  return dir;
}

/** Zips a folder with Python's zipfile, keeping the folder name as the top-level entry. */
export function zipFolder(dir: string): string {
  const out = `${dir}.zip`;
  execFileSync('python3', [
    '-c',
    'import os,sys,zipfile\nsrc,out=sys.argv[1],sys.argv[2]\nbase=os.path.dirname(src)\nwith zipfile.ZipFile(out,"w",zipfile.ZIP_DEFLATED) as z:\n  for r,_,fs in os.walk(src):\n    for f in sorted(fs):\n      p=os.path.join(r,f); z.write(p, os.path.relpath(p, base))',
    dir,
    out,
  ]);
  return out;
}

/** Reads a zip with Python's zipfile: names and the text of manifest.json and metadata.csv. */
export function readZipWithPython(path: string): { names: string[]; manifest: any; csv: string } {
  const json = execFileSync('python3', [
    '-c',
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nnames=z.namelist()\nprint(json.dumps({"names":names,"manifest":json.loads(z.read("manifest.json")),"csv":z.read("metadata.csv").decode()}))',
    path,
  ]).toString();
  return JSON.parse(json);
}
