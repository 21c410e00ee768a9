/** Connects the store's faces, results and selection to the presentational Gallery. */
import { useMemo, useRef } from 'react';
import { useStudioStore } from '../../state/store';
import { firstError } from '../../state/slices/faceResults';
import { Gallery, type FaceTileState, type GalleryFace } from '../gallery';
import { EMPTY_GROUPS, stableGroups } from '../gallery/stableGroups';

/**
 * One tile's status and result, subscribed to by that tile alone: during a 1,000-image queue a flush of
 * results re-renders the few visible tiles it touched, while the gallery, its layout of 10,000 faces and
 * every other tile stay as they are.
 */
function useWorkspaceTileState(faceId: string): FaceTileState {
  const status = useStudioStore((s) => s.status[faceId] ?? 'ready');
  const list = useStudioStore((s) => s.results[faceId]);
  return useMemo(
    () => ({
      status,
      resultThumbUrl: list?.find((r) => r.url)?.url ?? null,
      variationCount: list?.length ?? 0,
      error: list ? firstError(list) : undefined,
    }),
    [status, list],
  );
}

export function WorkspaceGallery({ onOpen }: { onOpen: (id: string) => void }) {
  const faces = useStudioStore((s) => s.faces);
  const order = useStudioStore((s) => s.faceOrder);
  const selected = useStudioStore((s) => s.selected);
  const focusedId = useStudioStore((s) => s.focusedId);
  const select = useStudioStore((s) => s.select);
  const selectMany = useStudioStore((s) => s.selectMany);
  const setFocused = useStudioStore((s) => s.setFocused);

  // Faces that did not change keep their objects (and an unchanged workspace its groups), so faces arriving
  // from an import re-render only the new tiles (see stableGroups.ts).
  const previous = useRef(EMPTY_GROUPS);
  const groups = useMemo(() => {
    const candidates = order.map((id): GalleryFace => {
      const f = faces[id];
      return { id, identity: f.identity, index: f.index, name: f.name, thumbUrl: f.thumbUrl };
    });
    previous.current = stableGroups(candidates, previous.current);
    return previous.current.groups;
  }, [faces, order]);

  if (order.length === 0) return <p className="muted empty-gallery">No faces yet: drop some, or add the sample faces.</p>;
  return (
    <Gallery
      groups={groups}
      useTileState={useWorkspaceTileState}
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
