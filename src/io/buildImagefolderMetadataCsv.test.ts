import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildImagefolderMetadataCsv, csvField } from './buildImagefolderMetadataCsv';

/** RFC 4180 reader (test oracle, separate from the writer). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

describe('buildImagefolderMetadataCsv', () => {
  it('puts file_name first and quotes per RFC 4180', () => {
    const csv = buildImagefolderMetadataCsv([
      { identity: 'a, "b"', file_name: '12/0.png', seed: 42, similarity: 0.8125 },
      { file_name: '12/1.png', identity: 'line\nbreak', seed: 7, similarity: null },
    ]);
    expect(csv).toBe(
      'file_name,identity,seed,similarity\n' +
      '12/0.png,"a, ""b""",42,0.8125\n' +
      '12/1.png,"line\nbreak",7,\n',
    );
  });

  it('writes missing, NaN and infinite values as empty', () => {
    expect(buildImagefolderMetadataCsv([{ file_name: 'a.png', x: Number.NaN, y: Infinity }], ['x', 'y', 'z'])).toBe('file_name,x,y,z\na.png,,,\n');
  });

  it('rejects unsafe file names', () => {
    for (const bad of ['', '../a.png', '/a.png', 'a\\b.png', 'C:/a.png']) {
      expect(() => buildImagefolderMetadataCsv([{ file_name: bad }])).toThrow(/file_name/);
    }
  });

  it('round-trips arbitrary strings through an RFC 4180 reader', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.string(), fc.string({ unit: 'binary' })), { maxLength: 20 }), (pairs) => {
      const rows = pairs.map(([a, b], i) => ({ file_name: `${i}/0.png`, source_file: a, note: b }));
      const parsed = parseCsv(buildImagefolderMetadataCsv(rows, ['source_file', 'note']));
      expect(parsed[0]).toEqual(['file_name', 'source_file', 'note']);
      expect(parsed.slice(1)).toEqual(rows.map((r) => [r.file_name, r.source_file, r.note]));
    }), { numRuns: 200 });
    expect(csvField(' padded ')).toBe('" padded "');
  });
});
