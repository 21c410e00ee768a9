/**
 * Pure selection rules for the gallery, for whoever owns the selection state (the store slice): click replaces,
 * ctrl/cmd-click toggles, shift-click selects the span from the anchor — the file-manager convention users expect.
 */
import { idsInRange, type GridLayout } from './gridLayout';
import type { SelectMode } from './types';

/** Selection plus the anchor that the next shift-click measures from. */
export interface SelectionState {
  selected: ReadonlySet<string>;
  anchor: string | null;
}

/**
 * Applies one gallery `onSelect(id, mode)` event.
 * A range keeps the anchor so repeated shift-clicks pivot around the same face; a range with no anchor behaves
 * like a single click.
 */
export function applySelection(state: SelectionState, id: string, mode: SelectMode, layout: GridLayout): SelectionState {
  if (mode === 'toggle') {
    const next = new Set(state.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return { selected: next, anchor: id };
  }
  if (mode === 'range' && state.anchor !== null && layout.indexOf.has(state.anchor)) {
    return { selected: new Set(idsInRange(layout, state.anchor, id)), anchor: state.anchor };
  }
  return { selected: new Set([id]), anchor: id };
}

/** Selects every face of one identity (the header's "select identity" action), anchored at its first face. */
export function selectIdentity(layout: GridLayout, identity: string): SelectionState {
  const ids = layout.faces.filter((f) => f.identity === identity).map((f) => f.id);
  return { selected: new Set(ids), anchor: ids[0] ?? null };
}
