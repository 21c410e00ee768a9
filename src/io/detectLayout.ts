/**
 * @file Groups a flat list of file paths (from a folder drop or a zip listing) into identities.
 * Recognises, in order:
 *  - 'digiface': every image is `<identity>/<n>.png` with a numeric stem (DigiFace-1M, method.md §e),
 *    possibly under common root folders such as `subjects_0-1999_72_imgs/`;
 *  - 'folders': one identity per folder (the folder holding the image);
 *  - 'flat': no folders at all, one identity per file.
 * System clutter (`__MACOSX/`, `.DS_Store`, `Thumbs.db`, `desktop.ini`, hidden files and
 * folders) is ignored silently; other non-image files are reported as skipped.
 */
import { naturalCompare } from './naturalCompare';
import { extensionOf } from './sniffImage';

export type LayoutKind = 'digiface' | 'folders' | 'flat';

export type LayoutSkipCode = 'NOT_AN_IMAGE_EXTENSION' | 'DUPLICATE_PATH' | 'INVALID_PATH';

export interface LayoutImage {
  /** The path exactly as given. */
  readonly path: string;
  /** File name without extension. */
  readonly stem: string;
  /** Numeric stem (`7` for `7.png`), else null. */
  readonly index: number | null;
}

export interface LayoutIdentity {
  /** Folder path relative to the common root ('' for none); unique. For 'flat', the file's path. */
  readonly key: string;
  /** Display/export name: the folder name, or the full relative folder path when two folders share a name. */
  readonly name: string;
  /** Naturally sorted. */
  readonly images: LayoutImage[];
}

export interface LayoutSkip {
  readonly path: string;
  readonly code: LayoutSkipCode;
  readonly reason: string;
}

export interface Layout {
  /** 'flat' also when there are no images at all. */
  readonly kind: LayoutKind;
  /** Common root folder stripped from every path ('' when none). */
  readonly root: string;
  /** Naturally sorted by name. */
  readonly identities: LayoutIdentity[];
  readonly skipped: LayoutSkip[];
  /** Clutter left out without a reason shown to the user. */
  readonly ignored: string[];
}

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['png', 'jpg', 'jpeg', 'jfif', 'jpe', 'gif', 'webp', 'bmp']);

const CLUTTER_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db']);

interface Candidate {
  readonly path: string;
  readonly segments: string[];
}

export function detectLayout(paths: readonly string[]): Layout {
  const skipped: LayoutSkip[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  let files: Candidate[] = [];
  for (const path of paths) {
    const segments = path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
    const base = segments[segments.length - 1];
    if (base === undefined || segments.includes('..')) {
      skipped.push({ path, code: 'INVALID_PATH', reason: 'empty path or one containing ..' });
    } else if (isClutter(segments)) {
      ignored.push(path);
    } else if (!IMAGE_EXTENSIONS.has(extensionOf(base))) {
      const ext = extensionOf(base);
      skipped.push({ path, code: 'NOT_AN_IMAGE_EXTENSION', reason: ext ? `.${ext} files are not images` : 'no file extension' });
    } else if (seen.has(segments.join('/'))) {
      skipped.push({ path, code: 'DUPLICATE_PATH', reason: 'listed twice (the first is kept)' });
    } else {
      seen.add(segments.join('/'));
      files.push({ path, segments });
    }
  }
  // Strip shared root folders, but keep at least one folder level: `0/0.png, 0/1.png` is one
  // DigiFace identity, not two flat files.
  const rootParts: string[] = [];
  while (files.length > 0 && files.every((f) => f.segments.length >= 3 && f.segments[0] === files[0].segments[0])) {
    rootParts.push(files[0].segments[0]);
    files = files.map((f) => ({ path: f.path, segments: f.segments.slice(1) }));
  }
  const kind = classify(files);
  return { kind, root: rootParts.join('/'), identities: group(files, kind), skipped, ignored };
}

function isClutter(segments: readonly string[]): boolean {
  const base = segments[segments.length - 1].toLowerCase();
  return CLUTTER_FILES.has(base) || segments.some((s) => s === '__MACOSX' || s.startsWith('.'));
}

function classify(files: readonly Candidate[]): LayoutKind {
  if (files.length === 0 || files.every((f) => f.segments.length === 1)) return 'flat';
  const digiface = files.every((f) => {
    if (f.segments.length !== 2) return false;
    const base = f.segments[1];
    return extensionOf(base) === 'png' && /^\d+$/.test(stemOf(base));
  });
  return digiface ? 'digiface' : 'folders';
}

function group(files: readonly Candidate[], kind: LayoutKind): LayoutIdentity[] {
  const byKey = new Map<string, { folder: string; images: LayoutImage[] }>();
  for (const f of files) {
    const base = f.segments[f.segments.length - 1];
    const stem = stemOf(base);
    // In 'folders' mode a loose file at the top level is its own identity, as in 'flat'.
    const key = kind === 'flat' || f.segments.length === 1 ? f.segments.join('/') : f.segments.slice(0, -1).join('/');
    const folder = kind === 'flat' || f.segments.length === 1 ? stem : f.segments[f.segments.length - 2];
    const image: LayoutImage = { path: f.path, stem, index: /^\d+$/.test(stem) && stem.length < 16 ? Number(stem) : null };
    const entry = byKey.get(key);
    if (entry) entry.images.push(image);
    else byKey.set(key, { folder, images: [image] });
  }
  const nameCount = new Map<string, number>();
  for (const { folder } of byKey.values()) nameCount.set(folder, (nameCount.get(folder) ?? 0) + 1);
  const identities: LayoutIdentity[] = [];
  for (const [key, { folder, images }] of byKey) {
    images.sort((a, b) => naturalCompare(a.stem, b.stem) || naturalCompare(a.path, b.path));
    identities.push({ key, name: (nameCount.get(folder) ?? 0) > 1 ? key : folder, images });
  }
  identities.sort((a, b) => naturalCompare(a.name, b.name) || naturalCompare(a.key, b.key));
  return identities;
}

function stemOf(base: string): string {
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
