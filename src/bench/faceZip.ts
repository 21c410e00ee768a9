/**
 * @file Input for the queue figure: a zip of small PNG "faces" in DigiFace layout
 * (`<identity>/<n>.png`), generated in Node so the bench needs no data set.
 */
import { encode } from 'fast-png';
import { zipSync } from 'fflate';

/** A 112×112 disc on a background, tinted by identity and variation (cheap, deterministic). */
function facePng(identity: number, variation: number, size: number): Uint8Array {
  const data = new Uint8Array(size * size * 4);
  const c = size / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const inside = (x - c) ** 2 + (y - c) ** 2 < (size * 0.35) ** 2;
      data[i] = inside ? 150 + ((identity * 37) % 100) : 30 + variation * 5;
      data[i + 1] = inside ? 110 + ((identity * 17 + variation * 3) % 60) : 50;
      data[i + 2] = inside ? 90 : 80 + ((identity * 7) % 100);
      data[i + 3] = 255;
    }
  return encode({ width: size, height: size, data, channels: 4, depth: 8 });
}

/** `identities × variations` faces zipped (stored, not deflated: PNG is already compressed). */
export function makeFaceZip(identities: number, variations: number, size = 112): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (let id = 0; id < identities; id++)
    for (let v = 0; v < variations; v++) files[`bench_faces/${id}/${v}.png`] = [facePng(id, v, size), { level: 0 }];
  return zipSync(files);
}
