/**
 * Virtualised face gallery: identity header rows and rows of thumbnails, only the visible rows in the DOM so
 * 10,000 faces scroll smoothly. Presentational: selection and focus are owned by the caller (see `selection.ts`
 * for the rules); this component only reports intents.
 *
 * Keyboard focus stays on the grid element and the focused tile is announced with aria-activedescendant, because
 * a roving tabindex cannot work when the focused tile may be scrolled out and unmounted.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { buildGridLayout, columnsFor, locate, moveFocus } from './gridLayout';
import { clickMode, galleryKeyAction } from './galleryKeys';
import { FaceTile } from './FaceTile';
import { IdentityGroupHeader } from './IdentityGroupHeader';
import type { GalleryGroup, SelectMode, UseTileState } from './types';
import { useElementWidth } from './useElementWidth';

/** Props for {@link Gallery}. */
export interface GalleryProps {
  groups: GalleryGroup[];
  /**
   * Each tile's changing state, as a hook, so that status updates during a queue re-render only the tiles they
   * concern; `groups` (and so the layout) changes only when faces are added or removed. Pass a stable function.
   */
  useTileState: UseTileState;
  selectedIds: ReadonlySet<string>;
  focusedId: string | null;
  onSelect: (id: string, mode: SelectMode) => void;
  onOpen: (id: string) => void;
  onSelectIdentity: (identity: string) => void;
  /** Keyboard/click focus moves; without it the gallery tracks focus itself. */
  onFocusChange?: (id: string) => void;
  /** Tile edge in CSS px (default 96). */
  thumbSize?: number;
  /** Height of the scroll area (default '70vh'); the grid must have a bounded height to virtualise. */
  height?: number | string;
}

/** Space between tiles and rows, and the grid's side padding, in CSS px; mirrored in styles.css. */
const GAP = 8;
const PADDING_X = 12;
const HEADER_HEIGHT = 40;
/** One line of file name under each thumbnail. */
const CAPTION_HEIGHT = 20;

export function Gallery({ groups, useTileState, selectedIds, focusedId, onSelect, onOpen, onSelectIdentity, onFocusChange, thumbSize = 96, height = '70vh' }: GalleryProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const columns = columnsFor(width - 2 * PADDING_X, thumbSize, GAP);
  const layout = useMemo(() => buildGridLayout(groups, columns), [groups, columns]);
  const domPrefix = useId();

  // Uncontrolled fallback so arrow keys still work when the caller does not track focus.
  const [ownFocus, setOwnFocus] = useState<string | null>(null);
  const focus = onFocusChange ? focusedId : (ownFocus ?? focusedId);
  const setFocus = useCallback(
    (id: string) => {
      if (onFocusChange) onFocusChange(id);
      else setOwnFocus(id);
    },
    [onFocusChange],
  );

  const tileRowHeight = thumbSize + CAPTION_HEIGHT + GAP;
  const virtualizer = useVirtualizer({
    count: layout.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (layout.rows[i].kind === 'header' ? HEADER_HEIGHT : tileRowHeight),
    getItemKey: (i) => layout.rows[i].key,
    overscan: 3,
  });
  // Row heights are exact, never measured; a new thumb size or column count must drop the cached offsets.
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, tileRowHeight, columns]);

  // Scroll the focused face into view only when focus itself changes, not on every status update of the layout.
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  useEffect(() => {
    const at = locate(layoutRef.current, focus);
    if (at) virtualizer.scrollToIndex(at.row, { align: 'auto' });
  }, [focus, virtualizer]);

  // Tiles get stable callbacks that read the latest props from a ref, so memoised tiles do not re-render.
  const latest = useRef({ onSelect, onOpen, setFocus });
  latest.current = { onSelect, onOpen, setFocus };
  const onTileClick = useCallback((id: string, e: MouseEvent) => {
    latest.current.setFocus(id);
    latest.current.onSelect(id, clickMode(e));
    scrollRef.current?.focus({ preventScroll: true });
  }, []);
  const onTileOpen = useCallback((id: string) => latest.current.onOpen(id), []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return; // e.g. a header button has focus
    const action = galleryKeyAction(e);
    if (action.type === 'none') return;
    e.preventDefault();
    if (action.type === 'move') {
      const next = moveFocus(layout, focus, action.key, Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / tileRowHeight) - 1));
      if (next === null) return;
      setFocus(next);
      if (action.extend) onSelect(next, 'range');
    } else if (focus !== null && layout.indexOf.has(focus)) {
      if (action.type === 'toggle') onSelect(focus, 'toggle');
      else onOpen(focus);
    }
  };

  const focusedAt = locate(layout, focus);
  const items = virtualizer.getVirtualItems();

  return (
    <div
      ref={scrollRef}
      className="gallery"
      data-testid="gallery"
      style={{ height }}
      tabIndex={0}
      role="grid"
      aria-label="Face gallery"
      aria-multiselectable="true"
      aria-rowcount={layout.rows.length}
      aria-activedescendant={focusedAt ? `${domPrefix}f${focusedAt.flat}` : undefined}
      data-columns={layout.columns}
      onKeyDown={onKeyDown}
    >
      {layout.rows.length === 0 && <p className="muted gallery-empty">No faces yet — import a folder or zip to start.</p>}
      <div className="gallery-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => {
          const row = layout.rows[v.index];
          const style = { transform: `translateY(${v.start}px)`, height: v.size };
          if (row.kind === 'header') {
            const faces = groups[row.groupIndex].faces;
            let selectedCount = 0;
            if (selectedIds.size > 0) for (const f of faces) if (selectedIds.has(f.id)) selectedCount++;
            return (
              <div key={v.key} className="gallery-row gallery-row-header" style={style} aria-rowindex={v.index + 1}>
                <IdentityGroupHeader identity={row.identity} count={row.count} selectedCount={selectedCount} onSelectIdentity={onSelectIdentity} />
              </div>
            );
          }
          const tiles = [];
          for (let f = row.start; f < row.end; f++) {
            const face = layout.faces[f];
            tiles.push(
              <FaceTile
                key={face.id}
                face={face}
                domId={`${domPrefix}f${f}`}
                size={thumbSize}
                selected={selectedIds.has(face.id)}
                focused={focusedAt?.flat === f}
                onTileClick={onTileClick}
                onTileOpen={onTileOpen}
                useTileState={useTileState}
              />,
            );
          }
          return (
            <div key={v.key} className="gallery-row gallery-row-tiles" role="row" style={style} aria-rowindex={v.index + 1}>
              {tiles}
            </div>
          );
        })}
      </div>
    </div>
  );
}
