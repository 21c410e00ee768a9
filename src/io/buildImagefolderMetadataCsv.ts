/**
 * @file `metadata.csv` for Hugging Face `datasets`' imagefolder builder: a `file_name` column
 * with paths relative to the CSV's folder, then any other columns, which `load_dataset(
 * "imagefolder", data_dir=...)` attaches to each image. Quoting follows RFC 4180.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface ImagefolderRow {
  /** Relative, '/'-separated path of the image from the CSV's folder, e.g. `12/0.png`. */
  readonly file_name: string;
  readonly [column: string]: CsvValue;
}

/**
 * @param columns extra columns in order; default: every key of the rows, in first-seen order.
 *   `file_name` always comes first, as imagefolder expects.
 * @throws Error on an unsafe or empty file_name (absolute, '..', backslashes).
 */
export function buildImagefolderMetadataCsv(rows: readonly ImagefolderRow[], columns?: readonly string[]): string {
  const extra = columns ? columns.filter((c) => c !== 'file_name') : collectColumns(rows);
  const header = ['file_name', ...extra];
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) {
    checkFileName(row.file_name);
    lines.push(header.map((c) => csvField(row[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function collectColumns(rows: readonly ImagefolderRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (k !== 'file_name') seen.add(k);
  return [...seen];
}

function checkFileName(name: string): void {
  if (typeof name !== 'string' || name === '') throw new Error('metadata row has an empty file_name');
  if (name.includes('\\') || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').includes('..')) {
    throw new Error(`file_name ${JSON.stringify(name)} must be a relative '/'-separated path without '..'`);
  }
}

/**
 * One field. Empty for null/undefined/NaN/±Infinity, which pandas then reads as missing.
 * Quoted when it holds a comma, quote, CR/LF, or leading/trailing spaces (which readers trim).
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
