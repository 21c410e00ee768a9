/**
 * What the export manifest says about the realism offset of each pack: which Δ (sha256 of its float32 bytes),
 * where it came from (an attached calibration or the pack itself), its space and size, and for a calibration
 * what it was computed from. λ is per image, in each image's params.
 */
import { studioClient } from '../studioClient';

export interface RealismOffsetExportRecord {
  source: 'attached' | 'pack';
  space: string;
  shape: number[];
  /** sha256 (hex) of Δ as float32 little-endian bytes. */
  deltaSha256: string;
  norm: number;
  calibration?: { counts: { real: number; synthetic: number }; skipped: { real: number; synthetic: number }; createdAt: string; componentsDigest: string };
}

/** One entry per pack id: its Δ at export time, or null when it has none (λ then had no effect). */
export async function realismOffsetsForExport(packIds: readonly string[]): Promise<Record<string, RealismOffsetExportRecord | null>> {
  const out: Record<string, RealismOffsetExportRecord | null> = {};
  for (const id of packIds) {
    const { info } = await studioClient.api.realismOffsetInfo(id);
    out[id] = info
      ? {
          source: info.source,
          space: info.space,
          shape: info.shape,
          deltaSha256: info.digest,
          norm: info.norm,
          calibration: info.header
            ? { counts: info.header.counts, skipped: info.header.skipped, createdAt: info.header.createdAt, componentsDigest: info.header.pack.componentsDigest }
            : undefined,
        }
      : null;
  }
  return out;
}
