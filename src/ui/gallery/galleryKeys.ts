/**
 * Maps pointer modifiers and keys to gallery intents. Kept pure so the conventions (ctrl/cmd toggles, shift
 * extends, Enter opens, Space toggles) are unit-tested and the component stays a thin adapter.
 */
import { isNavKey, type NavKey } from './gridLayout';
import type { SelectMode } from './types';

/** The modifier flags of a mouse or keyboard event. */
export interface Modifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** What a key press in the gallery means. */
export type GalleryKeyAction =
  | { type: 'move'; key: NavKey; extend: boolean }
  | { type: 'toggle' }
  | { type: 'open' }
  | { type: 'none' };

/** Selection mode for a click: shift wins over ctrl/cmd, as in most file managers. */
export function clickMode(m: Modifiers): SelectMode {
  if (m.shiftKey) return 'range';
  if (m.ctrlKey || m.metaKey) return 'toggle';
  return 'single';
}

/** Gallery meaning of a `KeyboardEvent`; Alt-combinations are left to the browser. */
export function galleryKeyAction(e: Modifiers & { key: string; altKey?: boolean }): GalleryKeyAction {
  if (e.altKey) return { type: 'none' };
  if (isNavKey(e.key)) return { type: 'move', key: e.key, extend: e.shiftKey };
  if (e.key === ' ' || e.key === 'Spacebar') return { type: 'toggle' };
  if (e.key === 'Enter') return { type: 'open' };
  return { type: 'none' };
}
