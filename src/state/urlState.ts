/**
 * Settings in the URL fragment so a view can be shared:
 * `#pack=<id>&seed=<n>&variations=<1…32>&c.<input>=<value>…`.
 * Parsing never throws: unknown keys and bad values are dropped and reported.
 */
import { MAX_VARIATIONS_PER_IDENTITY } from './actions/enhanceUnits';

export interface UrlSettings {
  packId?: string;
  seed?: number;
  /** Variations per identity (results per source face), 1…32. */
  variations?: number;
  controls: Record<string, number>;
}

export interface ParsedUrlSettings {
  settings: UrlSettings;
  /** Human-readable notes about what was ignored. */
  ignored: string[];
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_CONTROLS = 64;

export function serializeUrlSettings(s: UrlSettings): string {
  const p = new URLSearchParams();
  if (s.packId) p.set('pack', s.packId);
  if (s.seed !== undefined) p.set('seed', String(s.seed));
  if (s.variations !== undefined) p.set('variations', String(s.variations));
  for (const [k, v] of Object.entries(s.controls).sort(([a], [b]) => a.localeCompare(b))) p.set(`c.${k}`, String(v));
  return p.toString();
}

export function parseUrlSettings(fragment: string): ParsedUrlSettings {
  const ignored: string[] = [];
  const settings: UrlSettings = { controls: {} };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(fragment.replace(/^#/, '').slice(0, 8192));
  } catch {
    return { settings, ignored: ['the link settings could not be read'] };
  }
  let count = 0;
  for (const [key, value] of params) {
    if (key === 'pack') {
      if (NAME.test(value)) settings.packId = value;
      else ignored.push('pack name');
    } else if (key === 'seed') {
      const n = Number(value);
      if (/^\d{1,16}$/.test(value) && Number.isSafeInteger(n)) settings.seed = n;
      else ignored.push(`seed "${value.slice(0, 20)}"`);
    } else if (key === 'variations') {
      const n = Number(value);
      if (/^\d{1,2}$/.test(value) && n >= 1 && n <= MAX_VARIATIONS_PER_IDENTITY) settings.variations = n;
      else ignored.push(`variations "${value.slice(0, 20)}" (1–${MAX_VARIATIONS_PER_IDENTITY})`);
    } else if (key.startsWith('c.')) {
      const name = key.slice(2);
      const n = Number(value);
      if (!NAME.test(name) || value.trim() === '' || !Number.isFinite(n)) ignored.push(`control "${name.slice(0, 32)}"`);
      else if (++count > MAX_CONTROLS) ignored.push('controls beyond the first 64');
      else settings.controls[name] = n;
    } else if (key) {
      ignored.push(`"${key.slice(0, 32)}"`);
    }
  }
  return { settings, ignored };
}
