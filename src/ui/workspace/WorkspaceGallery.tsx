/** Connects the store's faces, results and selection to the presentational Gallery. */
import { useMemo } from 'react';
import { useStudioStore } from '../../state/store';
import { firstError } from '../../state/slices/faceResults';
import { Gallery, type GalleryGroup } from '../gallery';

export function WorkspaceGallery({ onOpen }: { onOpen: (id: string) => void }) {
  const faces = useStudioStore((s) => s.faces);
  const order = useStudioStore((s) => s.faceOrder);
  const results = useStudioStore((s) => s.results);
  const status = useStudioStore((s) => s.status);
  const selected = useStudioStore((s) => s.selected);
  const focusedId = useStudioStore((s) => s.focusedId);
  const select = useStudioStore((s) => s.select);
  const selectMany = useStudioStore((s) => s.selectMany);
  const setFocused = useStudioStore((s) => s.setFocused);

  const groups = useMemo(() => {
    const out: GalleryGroup[] = [];
    for (const id of order) {
      const f = faces[id];
      let g = out[out.length - 1];
      if (!g || g.identity !== f.identity) out.push((g = { identity: f.identity, faces: [] }));
      const list = results[id] ?? [];
      g.faces.push({
        id,
        identity: f.identity,
        index: f.index,
        name: f.name,
        thumbUrl: f.thumbUrl,
        status: status[id] ?? 'ready',
        resultThumbUrl: list.find((r) => r.url)?.url ?? null,
        variationCount: list.length,
        error: firstError(list),
      });
    }
    return out;
  }, [faces, order, results, status]);

  if (order.length === 0) return <p className="muted empty-gallery">No faces yet: drop some, or add the sample faces.</p>;
  return (
    <Gallery
      groups={groups}
      selectedIds={selected}
      focusedId={focusedId}
      onSelect={select}
      onOpen={onOpen}
      onFocusChange={setFocused}
      onSelectIdentity={(identity) => selectMany(order.filter((id) => faces[id].identity === identity))}
      height="60vh"
    />
  );
}
