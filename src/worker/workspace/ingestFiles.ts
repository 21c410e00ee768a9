/**
 * Turns the files a user dropped (images, folders, zips) into workspace faces: zips are opened with their
 * safety limits, the folder layout is recognised (DigiFace `<identity>/<n>.png`, one identity per folder, or
 * flat), every image is sniffed before decoding (bombs and non-images never reach a decoder), decoded and
 * thumbnailed here in the worker. Every file that cannot be used gets a reason; the rest still load.
 */
import { fitWithin, resizeArea } from '../../engine/image/resizeArea';
import { throwIfAborted, yieldToEventLoop } from '../../engine/progress/abort';
import { ProgressTracker, type ProgressSink } from '../../engine/progress/progress';
import { detectLayout } from '../../io/detectLayout';
import { encodePng } from '../../io/encodePng';
import { forEachZipFile } from '../../io/readZipEntries';
import { sniffImage } from '../../io/sniffImage';
import type { IngestedFace, IngestResult, SkippedFile } from '../protocol';
import { decodeImage } from './decodeImage';

export const THUMB_SIDE = 128;
/** A zip inside a dropped zip is not opened (one level only): nesting is a classic bomb vector. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export interface IngestOptions {
  jobId: string;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
}

async function isZip(blob: Blob, name: string): Promise<boolean> {
  if (/\.zip$/i.test(name)) return true;
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  return ZIP_MAGIC.every((b, i) => head[i] === b);
}

/** Expands zips into their entries; keeps everything else as is. */
async function expand(files: { name: string; blob: Blob }[], skipped: SkippedFile[], signal?: AbortSignal): Promise<Map<string, Blob>> {
  const out = new Map<string, Blob>();
  for (const f of files) {
    throwIfAborted(signal);
    if (f.blob.size === 0) {
      skipped.push({ name: f.name, reason: 'file is empty (0 bytes)' });
      continue;
    }
    if (!(await isZip(f.blob, f.name))) {
      if (out.has(f.name)) skipped.push({ name: f.name, reason: 'duplicate path; the first one was kept' });
      else out.set(f.name, f.blob);
      continue;
    }
    const zipName = f.name;
    try {
      const zipSkipped = await forEachZipFile(
        f.blob,
        (entry) => {
          const path = `${zipName}/${entry.path}`;
          if (/\.zip$/i.test(entry.path)) skipped.push({ name: path, reason: 'a zip inside a zip is not opened; extract it first' });
          else out.set(path, new Blob([entry.bytes as BlobPart]));
        },
        { signal },
      );
      for (const s of zipSkipped) skipped.push({ name: `${zipName}/${s.path}`, reason: s.reason });
    } catch (e) {
      if ((e as { code?: string }).code === 'ABORTED') throwIfAborted(signal);
      skipped.push({ name: f.name, reason: `zip could not be read: ${(e as Error).message}` });
    }
  }
  return out;
}

export async function ingestFiles(files: { name: string; blob: Blob }[], opts: IngestOptions): Promise<IngestResult> {
  const skipped: SkippedFile[] = [];
  const byPath = await expand(files, skipped, opts.signal);
  const layout = detectLayout([...byPath.keys()]);
  for (const s of layout.skipped) skipped.push({ name: s.path, reason: s.reason });
  const total = layout.identities.reduce((a, id) => a + id.images.length, 0);
  const tracker = new ProgressTracker(opts.jobId, 'decode', total, opts.onProgress);
  tracker.report(0);
  const faces: IngestedFace[] = [];
  let done = 0;
  for (const identity of layout.identities) {
    let fallbackIndex = 0;
    for (const img of identity.images) {
      throwIfAborted(opts.signal);
      const blob = byPath.get(img.path)!;
      const face = await ingestOne(img.path, blob, identity.name || 'unsorted', img.index ?? fallbackIndex, skipped);
      if (face) faces.push(face);
      fallbackIndex++;
      done++;
      tracker.report(done);
      // Let a cancel message in between files.
      if (done % 16 === 0) await yieldToEventLoop();
    }
  }
  return { faces, skipped, layout: layout.kind };
}

async function ingestOne(name: string, blob: Blob, identity: string, index: number, skipped: SkippedFile[]): Promise<IngestedFace | null> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sniff = sniffImage(bytes, name);
  if (!sniff.ok) {
    skipped.push({ name, reason: sniff.reason });
    return null;
  }
  const decoded = await decodeImage(bytes, name);
  if (!decoded.ok) {
    skipped.push({ name, reason: `could not be decoded: ${decoded.reason}` });
    return null;
  }
  const { width, height } = decoded;
  const fit = fitWithin(width, height, THUMB_SIDE);
  const small = resizeArea({ rgba: decoded.rgba, width, height }, fit.width, fit.height);
  const thumb = new Blob([encodePng(small.rgba, small.width, small.height) as BlobPart], { type: 'image/png' });
  // PNG and JPEG are kept as the user gave them; other formats (GIF, WebP, BMP) are stored as PNG.
  const keep = sniff.format === 'png' || sniff.format === 'jpeg';
  const source = keep ? new Blob([bytes as BlobPart], { type: `image/${sniff.format}` }) : new Blob([encodePng(decoded.rgba, width, height) as BlobPart], { type: 'image/png' });
  return { name, identity, index, width, height, source, thumb };
}
