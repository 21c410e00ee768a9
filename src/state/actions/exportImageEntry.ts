/**
 * The manifest entry of one exported image, with the realism offset the image was made with. The manifest's
 * top-level `realismOffsets` give each pack's Δ at export time, which is not necessarily the Δ an image was
 * made with (a calibration may have been attached, replaced or removed since); this is.
 */
import type { PlannedExportImage } from './planExport';

export function exportImageEntry(p: Pick<PlannedExportImage, 'manifestEntry' | 'result'>): Record<string, unknown> {
  const o = p.result.realismOffset;
  if (!o) return p.manifestEntry;
  return {
    ...p.manifestEntry,
    realismOffset: { lambda: o.lambda, source: o.source, deltaSha256: o.deltaSha256 ?? null, space: o.space ?? null },
  };
}
