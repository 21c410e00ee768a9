/**
 * Collects files from a drop, descending into dropped folders (webkitGetAsEntry) so that a DigiFace folder
 * keeps its `<identity>/<n>.png` paths.
 */
export interface NamedBlob {
  name: string;
  blob: Blob;
}

interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(ok: (f: File) => void, err: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: EntryLike[]) => void, err: (e: unknown) => void): void };
}

/** A folder dropped with more files than this is cut off, with the rest reported, rather than freezing. */
const MAX_FILES = 200_000;

async function walk(entry: EntryLike, out: NamedBlob[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, err) => entry.file!(ok, err));
    out.push({ name: entry.fullPath.replace(/^\//, ''), blob: file });
    return;
  }
  if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns results in pages; keep reading until it returns none.
    for (;;) {
      const page = await new Promise<EntryLike[]>((ok, err) => reader.readEntries(ok, err));
      if (page.length === 0) break;
      for (const e of page) await walk(e, out);
    }
  }
}

export async function readDroppedItems(dt: DataTransfer): Promise<NamedBlob[]> {
  const entries: EntryLike[] = [];
  for (const item of [...dt.items]) {
    if (item.kind !== 'file') continue;
    const e = (item.webkitGetAsEntry?.() ?? null) as unknown as EntryLike | null;
    if (e) entries.push(e);
  }
  if (entries.length === 0) return [...dt.files].map((f) => ({ name: f.name, blob: f }));
  const out: NamedBlob[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}

export function filesFromInput(list: FileList | null): NamedBlob[] {
  return [...(list ?? [])].map((f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, blob: f }));
}
