/**
 * @file assemblePack (src/packs/assemblePack.ts) for files that were streamed into a BlobPackFileSink:
 * sizes and sha256s come from the sink, which hashed the bytes as they were written, so nothing is read
 * back or hashed twice. Validates the manifest and adds manifest.json to the sink.
 */
import type { PackDraft } from '../../packs/assemblePack';
import { validateManifest, type ComponentSpec, type ConstantSpec, type PackManifest } from '../../packs/manifest';
import type { BlobPackFileSink } from './blobPackFileSink';

/** A pack whose files are Blobs (manifest.json included). */
export interface StreamedPack {
  manifest: PackManifest;
  files: Map<string, Blob>;
}

export function assembleStreamedPack(draft: PackDraft, sink: BlobPackFileSink): StreamedPack {
  const sized = (file: string) => {
    const f = sink.file(file);
    return { file, sha256: f.sha256, bytes: f.bytes };
  };
  const components: Record<string, ComponentSpec> = {};
  for (const [name, c] of Object.entries(draft.components)) {
    const { externalData: ext, ...rest } = c;
    components[name] = { ...rest, ...sized(c.file), ...(ext ? { externalData: ext.map((e) => sized(e.file)) } : {}) };
  }
  let constants: Record<string, ConstantSpec> | undefined;
  if (draft.constants) {
    constants = {};
    for (const [name, c] of Object.entries(draft.constants)) constants[name] = { ...c, ...sized(c.file) };
  }
  const manifest = validateManifest({ ...draft, components, ...(constants ? { constants } : {}) }, draft.id);
  sink.put('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  return { manifest, files: new Map([...sink.files()].map(([path, f]) => [path, f.blob])) };
}
