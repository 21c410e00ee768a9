/** Connects the store's faces, results and selection to the presentational Gallery. */
import { useMemo, useRef } from 'react';
import { useStudioStore } from '../../state/store';
import { firstError } from '../../state/slices/faceResults';
import { Gallery, type GalleryFace } from '../gallery';
import { EMPTY_GROUPS, stableGroups } from '../gallery/stableGroups';

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

  // Unchanged faces keep their objects (and an unchanged workspace its groups), so a store update during a
  // queue re-renders only the tiles it touched (see stableGroups.ts).
  const previous = useRef(EMPTY_GROUPS);
  const groups = useMemo(() => {
    const candidates = order.map((id): GalleryFace => {
      const f = faces[id];
      const list = results[id] ?? [];
      return {
        id,
        identity: f.identity,
        index: f.index,
        name: f.name,
        thumbUrl: f.thumbUrl,
        status: status[id] ?? 'ready',
        resultThumbUrl: list.find((r) => r.url)?.url ?? null,
        variationCount: list.length,
        error: firstError(list),
      };
    });
    previous.current = stableGroups(candidates, previous.current);
    return previous.current.groups;
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
