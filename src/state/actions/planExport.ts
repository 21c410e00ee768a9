/**
 * What an export writes for each enhanced image: its DigiFace path, its metadata.csv row and its manifest
 * entry. Within an identity, images are numbered 0, 1, 2, … in face order with each face's variations next
 * to each other (face 0 v0, face 0 v1, …, face 1 v0, …), so N variations of every face give one contiguous
 * `<identity>/<n>.png` folder, as DigiFace-1M is laid out; every entry names its source face, variation and
 * seed. With one variation per face of a full identity, `n` is the face's own index.
 */
import { digifaceExportPath } from '../../io/digifaceExportPath';
import type { FaceRecord, ResultRecord } from '../persistence/workspaceDb';

export interface ExportCandidate {
  face: FaceRecord;
  result: ResultRecord;
}

export interface PlannedExportImage extends ExportCandidate {
  /** Image number inside the identity's folder. */
  n: number;
  file: string;
  csvRow: Record<string, string | number | null>;
  manifestEntry: Record<string, unknown>;
}

/** @param candidates in gallery order (identity, then face index), each face's variations in order. */
export function planExport(candidates: readonly ExportCandidate[]): PlannedExportImage[] {
  const next = new Map<string, number>();
  const sorted = [...candidates].sort(
    (a, b) => a.face.identity.localeCompare(b.face.identity, undefined, { numeric: true }) || a.face.index - b.face.index || a.face.name.localeCompare(b.face.name) || a.result.variation - b.result.variation,
  );
  return sorted.map(({ face, result }) => {
    const n = next.get(face.identity) ?? 0;
    next.set(face.identity, n + 1);
    const file = digifaceExportPath(face.identity, n);
    const similarity = result.similarity ? Number(result.similarity.value.toFixed(4)) : null;
    return {
      face,
      result,
      n,
      file,
      csvRow: {
        identity: face.identity,
        source_file: face.name,
        variation: result.variation,
        pack: result.packId,
        seed: result.seed,
        ms: Math.round(result.ms),
        id_similarity: similarity,
      },
      manifestEntry: {
        file,
        identity: face.identity,
        index: n,
        sourceFile: face.name,
        sourceIndex: face.index,
        variation: result.variation,
        variationCount: result.variationCount,
        pack: result.packId,
        seed: result.seed,
        params: result.params,
        ms: Math.round(result.ms),
        metrics: result.similarity ? { idSimilarity: similarity, idModel: result.similarity.model } : {},
      },
    };
  });
}
