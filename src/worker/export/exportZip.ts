/**
 * Writes an enhanced set as a zip, one image at a time into a streaming writer: DigiFace layout
 * `<identity>/<n>.png`, `metadata.csv` (Hugging Face imagefolder) and `manifest.json`. With a file handle
 * the archive streams to disk; otherwise it is folded into Blobs a few MiB at a time (blob storage, not JS heap).
 */
import { fitWithin, resizeArea } from '../../engine/image/resizeArea';
import { throwIfAborted, yieldToEventLoop } from '../../engine/progress/abort';
import { ProgressTracker, type ProgressSink } from '../../engine/progress/progress';
import { buildImagefolderMetadataCsv, type ImagefolderRow } from '../../io/buildImagefolderMetadataCsv';
import { createZipExportStream, type ZipExportSink } from '../../io/createZipExportStream';
import { digifaceExportPath } from '../../io/digifaceExportPath';
import { encodePng } from '../../io/encodePng';
import type { ExportRequest, ExportResult } from '../protocol';
import { createBlobPartsSink } from './blobPartsSink';
import { decodeImage } from '../workspace/decodeImage';

interface WritableLike {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort?(): Promise<void>;
}

async function openSink(fileHandle: unknown): Promise<{ sink: ZipExportSink; close: () => Promise<Blob | undefined>; abort: () => Promise<void> }> {
  if (fileHandle && typeof (fileHandle as { createWritable?: unknown }).createWritable === 'function') {
    const w = (await (fileHandle as { createWritable(): Promise<WritableLike> }).createWritable()) as WritableLike;
    return {
      sink: { write: (c) => w.write(c) },
      close: async () => {
        await w.close();
        return undefined;
      },
      abort: async () => {
        await w.abort?.();
      },
    };
  }
  const parts = createBlobPartsSink();
  return {
    sink: parts,
    close: async () => parts.close('application/zip'),
    abort: async () => parts.discard(),
  };
}

export async function exportZip(req: ExportRequest, opts: { jobId: string; signal?: AbortSignal; onProgress?: ProgressSink }): Promise<ExportResult> {
  const { sink, close, abort } = await openSink(req.fileHandle);
  const zip = createZipExportStream(sink);
  const tracker = new ProgressTracker(opts.jobId, 'export', req.entries.length, opts.onProgress);
  tracker.report(0);
  const leftOut: ExportResult['leftOut'] = [];
  const rows: ImagefolderRow[] = [];
  const used = new Set<string>();
  const files: { file_name: string; identity: string; index: number }[] = [];
  try {
    for (let i = 0; i < req.entries.length; i++) {
      throwIfAborted(opts.signal);
      const e = req.entries[i];
      let index = e.index;
      let path = digifaceExportPath(e.identity, index);
      // Two faces may claim the same identity/index (e.g. two imports): the later one gets the next free number.
      while (used.has(path)) path = digifaceExportPath(e.identity, ++index);
      let bytes: Uint8Array = new Uint8Array(await e.png.arrayBuffer());
      if (req.crop112 && !(e.width === 112 && e.height === 112)) {
        if (e.width !== e.height) {
          leftOut.push({ identity: e.identity, index: e.index, reason: `${e.width}×${e.height} is not a square aligned face, so it has no 112×112 ArcFace crop` });
          tracker.report(i + 1);
          continue;
        }
        const d = await decodeImage(bytes, path);
        if (!d.ok) throw new Error(`${path}: ${d.reason}`);
        const fit = fitWithin(d.width, d.height, 112);
        const small = resizeArea({ rgba: d.rgba, width: d.width, height: d.height }, fit.width, fit.height);
        bytes = encodePng(small.rgba, small.width, small.height);
      }
      used.add(path);
      await zip.add(path, bytes);
      rows.push({ file_name: path, ...req.csvRows[i] });
      files.push({ file_name: path, identity: e.identity, index });
      tracker.report(i + 1);
      if (i % 16 === 15) await yieldToEventLoop();
    }
    await zip.add('metadata.csv', new TextEncoder().encode(buildImagefolderMetadataCsv(rows)));
    const manifest = { ...req.manifest, files, leftOut };
    await zip.add('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
    await zip.finish();
    const blob = await close();
    return { images: files.length, bytes: zip.bytesWritten, blob, leftOut };
  } catch (err) {
    await abort().catch(() => undefined);
    throw err;
  }
}
