/**
 * The packs loaded in this worker: their files (disk-backed Blobs when cached) and a session per component.
 * A pack is registered only after every component's session was created and its inputs/outputs match the
 * manifest, so a broken pack never replaces a working one.
 *
 * Speed: ORT creates a session synchronously inside WASM, so sessions cannot be built in parallel; instead the
 * next component's bytes are read from the store (on a helper thread, readBlobBytes.ts) while the current
 * session is being created (docs/performance.md, "Pack load").
 */
import { PackError, type ComponentSpec, type PackManifest } from '../../packs/manifest';
import type { LoadedPack } from '../../packs/loader/loadPack';
import type { OrtSessions, SessionSource } from '../runtime/ortSessions';
import { readBlobBytes } from './readBlobBytes';

export interface RegisteredPack {
  loaded: LoadedPack;
  sources: Map<string, SessionSource>;
  /** Object URLs handed to ORT for external data; revoked when the pack is unloaded. */
  objectUrls: string[];
}

/** In a Web Worker ORT can fetch object URLs; in Node it needs the bytes. */
const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

/**
 * External-data files above this go to ORT as object URLs: ORT then reads them itself, in chunks straight
 * into WASM memory past 1 GB, instead of us holding a multi-GB ArrayBuffer. Smaller ones are read by us, so
 * the read overlaps the previous component's session creation.
 */
const EXTERNAL_BYTES_LIMIT = 512 * 1024 * 1024;

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((n, i) => n === [...b].sort()[i]);
}

async function sourceFor(manifest: PackManifest, name: string, spec: ComponentSpec, loaded: LoadedPack, objectUrls: string[]): Promise<SessionSource> {
  // Every read is asked for before any is awaited, so all of them proceed while a session is being created.
  const model = readBlobBytes(loaded.files.get(spec.file)!);
  const externalData = (spec.externalData ?? []).map(async (e) => {
    const b = loaded.files.get(e.file)!;
    if (inWorker && typeof URL.createObjectURL === 'function' && b.size > EXTERNAL_BYTES_LIMIT) {
      // An object URL lets ORT stream the (possibly multi-GB) weights itself instead of us copying them.
      const url = URL.createObjectURL(b);
      objectUrls.push(url);
      return { path: e.file, data: url as Uint8Array | string };
    }
    return { path: e.file, data: (await readBlobBytes(b)) as Uint8Array | string };
  });
  // Observed now: a failed read must not be an unhandled rejection while another is awaited.
  for (const p of [model, ...externalData]) p.catch(() => undefined);
  const ext = await Promise.all(externalData);
  return { key: `${manifest.id}@${manifest.version}/${name}`, model: await model, externalData: ext.length ? ext : undefined, backend: manifest.backend };
}

export class PackRegistry {
  private readonly packs = new Map<string, RegisteredPack>();

  constructor(private readonly sessions: () => OrtSessions) {}

  get(id: string): RegisteredPack | undefined {
    return this.packs.get(id);
  }

  ids(): string[] {
    return [...this.packs.keys()];
  }

  /** Creates every component's session, checks it against the manifest, then registers the pack. */
  async register(loaded: LoadedPack): Promise<RegisteredPack> {
    const { manifest } = loaded;
    const objectUrls: string[] = [];
    const sources = new Map<string, SessionSource>();
    const s = this.sessions();
    const components = Object.entries(manifest.components);
    const prepare = (i: number) => {
      const p = i < components.length ? sourceFor(manifest, components[i][0], components[i][1], loaded, objectUrls) : undefined;
      // Observed now; awaited (and its error thrown) in order below.
      p?.catch(() => undefined);
      return p;
    };
    try {
      let next = prepare(0);
      for (let i = 0; i < components.length; i++) {
        const [name, spec] = components[i];
        const source = await next!;
        next = prepare(i + 1);
        let session;
        try {
          session = await s.get(source);
        } catch (e) {
          throw new PackError('pack-invalid', `Pack "${manifest.id}" component "${name}" (${spec.file}) is not a model this runtime can load: ${(e as Error).message}`);
        }
        const wantIn = spec.inputs.map((i) => i.name);
        const wantOut = spec.outputs.map((o) => o.name);
        if (!sameNames(session.inputNames, wantIn) || !sameNames(session.outputNames, wantOut)) {
          await s.release(source.key);
          throw new PackError(
            'pack-io-mismatch',
            `Pack "${manifest.id}" component "${name}": the model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], the manifest says inputs [${wantIn.join(', ')}] and outputs [${wantOut.join(', ')}]`,
          );
        }
        sources.set(name, source);
      }
    } catch (e) {
      for (const src of sources.values()) await s.release(src.key);
      for (const u of objectUrls) URL.revokeObjectURL(u);
      throw e;
    }
    const previous = this.packs.get(manifest.id);
    const entry = { loaded, sources, objectUrls };
    this.packs.set(manifest.id, entry);
    if (previous && previous !== entry) await this.dispose(previous, sources);
    return entry;
  }

  async unload(id: string): Promise<void> {
    const p = this.packs.get(id);
    this.packs.delete(id);
    if (p) await this.dispose(p, new Map());
  }

  private async dispose(p: RegisteredPack, keep: Map<string, SessionSource>): Promise<void> {
    const keepKeys = new Set([...keep.values()].map((s) => s.key));
    for (const src of p.sources.values()) if (!keepKeys.has(src.key)) await this.sessions().release(src.key);
    for (const u of p.objectUrls) URL.revokeObjectURL(u);
  }
}
