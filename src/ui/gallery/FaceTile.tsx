/**
 * One face in the gallery grid. Memoised and fed stable callbacks; its changing state (status, result) comes
 * from `useTileState`, so a status change re-renders this tile alone, not the gallery or the visible window.
 */
import { memo, type MouseEvent } from 'react';
import { FaceStatusBadge } from './FaceStatusBadge';
import type { GalleryFace, UseTileState } from './types';

/** Props for {@link FaceTile}. */
export interface FaceTileProps {
  face: GalleryFace;
  /** DOM id, referenced by the grid's aria-activedescendant. */
  domId: string;
  size: number;
  selected: boolean;
  focused: boolean;
  onTileClick: (id: string, e: MouseEvent) => void;
  onTileOpen: (id: string) => void;
  /** Must be the same function for the tile's whole life (it is a hook). */
  useTileState: UseTileState;
}

export const FaceTile = memo(function FaceTile({ face, domId, size, selected, focused, onTileClick, onTileOpen, useTileState }: FaceTileProps) {
  const state = useTileState(face.id);
  const showResult = state.status === 'done' && state.resultThumbUrl;
  return (
    <div
      id={domId}
      role="gridcell"
      aria-selected={selected}
      className={`face-tile${selected ? ' selected' : ''}${focused ? ' focused' : ''}`}
      style={{ width: size }}
      data-testid={`face-${face.id}`}
      // Shift-click would otherwise start a text selection across tiles.
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onTileClick(face.id, e)}
      onDoubleClick={() => onTileOpen(face.id)}
    >
      <div className="face-thumb" style={{ width: size, height: size }}>
        {face.thumbUrl ? <img src={face.thumbUrl} alt={face.name} draggable={false} decoding="async" /> : <span className="face-thumb-empty" aria-label={face.name} />}
        {showResult && (
          <img className="face-result" src={state.resultThumbUrl ?? undefined} alt={`${face.name} (enhanced)`} draggable={false} decoding="async" data-testid={`face-result-${face.id}`} />
        )}
        <FaceStatusBadge faceId={face.id} status={state.status} error={state.error} />
        {state.variationCount > 1 && (
          <span className="face-variations" data-testid={`face-variations-${face.id}`} data-count={state.variationCount} title={`${state.variationCount} variations`}>
            ×{state.variationCount}
          </span>
        )}
      </div>
      <div className="face-name small" title={face.name}>
        {face.name}
      </div>
    </div>
  );
});
