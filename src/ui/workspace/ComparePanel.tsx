/**
 * Before/after of the opened (or focused) face, with every variation of its identity (one row per source
 * face, one tile per enhanced variation) and keyboard navigation.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudioStore } from '../../state/store';
import { useSourceImageUrl } from '../../state/queries/useSourceImageUrl';
import { useIdentitySimilarity } from '../../state/queries/useIdentitySimilarity';
import { CompareView, type CompareMode, type CompareVariation } from '../compare';

/** Grid ids: `<faceId>/<variation>` for a result, `<faceId>/source` for a face not enhanced yet. */
const variationId = (faceId: string, variation: number | 'source') => `${faceId}/${variation}`;

export function ComparePanel({ openedId }: { openedId: string | null }) {
  const [mode, setMode] = useState<CompareMode>('side-by-side');
  const [picked, setPicked] = useState<{ faceId: string; variation: number } | null>(null);
  const focusedId = useStudioStore((s) => s.focusedId);
  const faces = useStudioStore((s) => s.faces);
  const order = useStudioStore((s) => s.faceOrder);
  const setFocused = useStudioStore((s) => s.setFocused);
  const id = focusedId ?? openedId;
  const face = id ? faces[id] : undefined;
  // The identity's faces change only on import; their results are subscribed to one by one, so results of
  // other identities arriving during a queue do not re-render the panel (nor rescan 10,000 faces).
  const members = useMemo(() => (face ? order.filter((fid) => faces[fid].identity === face.identity) : []), [order, faces, face]);
  const memberResults = useStudioStore(useShallow((s) => members.map((fid) => s.results[fid])));
  const resultsOf = (fid: string) => memberResults[members.indexOf(fid)] ?? [];
  const list = face ? resultsOf(face.id) : [];
  // The picked variation applies to its own face; moving to another face starts at its first variation.
  const wanted = picked && picked.faceId === face?.id ? picked.variation : (list[0]?.variation ?? 0);
  const result = list.find((r) => r.variation === wanted) ?? list[0];
  const variation = result?.variation ?? 0;
  const sourceUrl = useSourceImageUrl(face?.id ?? null);
  const similarity = useIdentitySimilarity(face?.id ?? null, variation);
  if (!face) return null;
  const beforeUrl = sourceUrl ?? face.thumbUrl;
  if (!beforeUrl) return null;
  const variations: CompareVariation[] = [];
  members.forEach((fid, i) => {
    const f = faces[fid];
    const group = `${f.identity}/${f.index}`;
    const own = (memberResults[i] ?? []).filter((r) => r.url);
    if (own.length === 0) variations.push({ id: variationId(fid, 'source'), url: f.thumbUrl ?? '', label: 'not enhanced', group });
    for (const r of own) variations.push({ id: variationId(fid, r.variation), url: r.url!, label: `v${r.variation + 1} · seed ${r.seed}`, group });
  });
  const step = (by: number) => {
    const next = order[order.indexOf(face.id) + by];
    if (next) setFocused(next);
  };
  const onPick = (gridId: string) => {
    const slash = gridId.lastIndexOf('/');
    const fid = gridId.slice(0, slash);
    const v = Number(gridId.slice(slash + 1));
    setPicked({ faceId: fid, variation: Number.isInteger(v) ? v : 0 });
    setFocused(fid);
  };
  const of = list.length > 1 ? ` · variation ${variation + 1} of ${list.length}` : '';
  return (
    <section className="panel compare-panel" aria-label="Compare">
      <CompareView
        before={{ url: beforeUrl, width: face.width, height: face.height, label: `Synthetic · ${face.name}` }}
        after={result?.url ? { url: result.url, width: result.width, height: result.height, label: `Enhanced · ${result.packId} · seed ${result.seed}${of}` } : null}
        mode={mode}
        onModeChange={setMode}
        variations={variations.length > 1 ? variations : undefined}
        activeVariationId={result ? variationId(face.id, variation) : variationId(face.id, 'source')}
        onPickVariation={onPick}
        onPrev={() => step(-1)}
        onNext={() => step(1)}
        similarity={result?.similarity ?? similarity.data ?? null}
        caption={result?.error ? `Failed: ${result.error}` : similarity.isFetching ? 'Measuring identity similarity…' : similarity.isError ? `ID similarity: ${(similarity.error as Error).message}` : undefined}
      />
    </section>
  );
}
