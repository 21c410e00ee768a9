/**
 * One face in the gallery grid. Memoised and fed stable callbacks so a status change re-renders one tile, not
 * the whole visible window.
 */
import { memo, type MouseEvent } from 'react';
import { FaceStatusBadge } from './FaceStatusBadge';
import type { GalleryFace } from './types';

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
}

export const FaceTile = memo(function FaceTile({ face, domId, size, selected, focused, onTileClick, onTileOpen }: FaceTileProps) {
  const showResult = face.status === 'done' && face.resultThumbUrl;
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
          <img className="face-result" src={face.resultThumbUrl ?? undefined} alt={`${face.name} (enhanced)`} draggable={false} decoding="async" data-testid={`face-result-${face.id}`} />
        )}
        <FaceStatusBadge faceId={face.id} status={face.status} error={face.error} />
        {(face.variationCount ?? 0) > 1 && (
          <span className="face-variations" data-testid={`face-variations-${face.id}`} data-count={face.variationCount} title={`${face.variationCount} variations`}>
            ×{face.variationCount}
          </span>
        )}
      </div>
      <div className="face-name small" title={face.name}>
        {face.name}
      </div>
    </div>
  );
});
