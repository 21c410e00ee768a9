/** Where a pack comes from: the app's own `models/`, a URL the user typed, or files the user picked. */

export type PackSource =
  | { kind: 'builtin'; id: string }
  | { kind: 'url'; url: string }
  /** Files from a folder the user picked; names relative to the pack folder (manifest.json among them). */
  | { kind: 'files'; files: { name: string; blob: Blob }[] }
  /** A pack cached on an earlier visit (e.g. imported in the browser), loaded from the store alone. */
  | { kind: 'cached'; id: string };

export function describeSource(s: PackSource): string {
  switch (s.kind) {
    case 'builtin':
      return `built-in pack "${s.id}"`;
    case 'url':
      return s.url;
    case 'files':
      return `${s.files.length} picked file${s.files.length === 1 ? '' : 's'}`;
    case 'cached':
      return `cached pack "${s.id}"`;
  }
}

/** Base URL of a pack folder, always ending in '/'. */
export function packBaseUrl(s: Extract<PackSource, { kind: 'url' }>): string {
  const u = s.url.replace(/\/manifest\.json$/, '');
  return u.endsWith('/') ? u : `${u}/`;
}
