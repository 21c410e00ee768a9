/** Before/after of the opened (or focused) face, with its identity's variations and keyboard navigation. */
import { useState } from 'react';
import { useStudioStore } from '../../state/store';
import { useSourceImageUrl } from '../../state/queries/useSourceImageUrl';
import { useIdentitySimilarity } from '../../state/queries/useIdentitySimilarity';
import { CompareView, type CompareMode } from '../compare';

export function ComparePanel({ openedId }: { openedId: string | null }) {
  const [mode, setMode] = useState<CompareMode>('side-by-side');
  const focusedId = useStudioStore((s) => s.focusedId);
  const faces = useStudioStore((s) => s.faces);
  const order = useStudioStore((s) => s.faceOrder);
  const results = useStudioStore((s) => s.results);
  const setFocused = useStudioStore((s) => s.setFocused);
  const id = focusedId ?? openedId;
  const face = id ? faces[id] : undefined;
  const sourceUrl = useSourceImageUrl(face?.id ?? null);
  const similarity = useIdentitySimilarity(face?.id ?? null);
  if (!face) return null;
  const beforeUrl = sourceUrl ?? face.thumbUrl;
  if (!beforeUrl) return null;
  const result = results[face.id];
  const pos = order.indexOf(face.id);
  const variations = order
    .filter((fid) => faces[fid].identity === face.identity)
    .map((fid) => ({ id: fid, url: results[fid]?.url ?? faces[fid].thumbUrl ?? '', label: `${faces[fid].identity}/${faces[fid].index}` }));
  return (
    <section className="panel compare-panel" aria-label="Compare">
      <CompareView
        before={{ url: beforeUrl, width: face.width, height: face.height, label: `Synthetic · ${face.name}` }}
        after={result?.url ? { url: result.url, width: result.width, height: result.height, label: `Enhanced · ${result.packId} · seed ${result.seed}` } : null}
        mode={mode}
        onModeChange={setMode}
        variations={variations.length > 1 ? variations : undefined}
        onPrev={() => pos > 0 && setFocused(order[pos - 1])}
        onNext={() => pos < order.length - 1 && setFocused(order[pos + 1])}
        similarity={result?.similarity ?? similarity.data ?? null}
        caption={result?.error ? `Failed: ${result.error}` : similarity.isFetching ? 'Measuring identity similarity…' : similarity.isError ? `ID similarity: ${(similarity.error as Error).message}` : undefined}
      />
    </section>
  );
}
