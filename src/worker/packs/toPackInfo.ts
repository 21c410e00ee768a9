/** The UI's view of a manifest: clonable, without file hashes. */
import { packBytes, packFiles, type PackManifest } from '../../packs/manifest';
import type { PackInfo } from '../protocol';

export function toPackInfo(m: PackManifest): PackInfo {
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    kind: m.kind,
    description: m.description,
    testOnly: Boolean(m.testOnly),
    bytes: packBytes(m),
    licences: m.licences,
    source: m.source,
    components: Object.keys(m.components),
    files: packFiles(m),
    controls: m.controls ?? [],
  };
}
