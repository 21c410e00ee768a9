/**
 * Reads files of the pinned `@vladmandic/human` package from node_modules at `npm run models` time. The only
 * file-system access of the face-stack builder, kept apart so the converter and pack code stay runtime-neutral.
 */
import { readFile } from 'node:fs/promises';

/** Reads a file of a package by its path inside the package (e.g. `models/faceres.bin`). */
export type ReadPackageFile = (pathInPackage: string) => Promise<Uint8Array>;

/** node_modules/@vladmandic/human, resolved from this file (src/packs/builtin → repository root). */
const HUMAN_ROOT = new URL('../../../node_modules/@vladmandic/human/', import.meta.url);

/** Reads `@vladmandic/human/<pathInPackage>` from the repository's node_modules. */
export const readHumanPackageFile: ReadPackageFile = async (pathInPackage) => {
  try {
    return new Uint8Array(await readFile(new URL(pathInPackage, HUMAN_ROOT)));
  } catch (e) {
    throw new Error(`face-stack: cannot read @vladmandic/human/${pathInPackage} (is the devDependency installed? run npm ci): ${(e as Error).message}`);
  }
};
