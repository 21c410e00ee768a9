/**
 * Keyboard map of the compare view, pure so it is unit-tested: ←/→ previous/next face, 1/2/3 modes, +/−/0 zoom,
 * and in slider mode Home/5/End put the split at 0/50/100 %.
 */
import { COMPARE_MODES, type CompareMode } from './types';

export type CompareKeyAction =
  | { type: 'prev' }
  | { type: 'next' }
  | { type: 'mode'; mode: CompareMode }
  | { type: 'zoom'; direction: 1 | -1 }
  | { type: 'reset' }
  | { type: 'split'; percent: 0 | 50 | 100 }
  | { type: 'none' };

/** The parts of a `KeyboardEvent` the map looks at. */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * Compare meaning of a key press. Ctrl/Cmd/Alt combinations are left alone so browser zoom (Ctrl +) and
 * history navigation (Alt ←) keep working.
 */
export function compareKeyAction(e: KeyLike, mode: CompareMode): CompareKeyAction {
  if (e.ctrlKey || e.metaKey || e.altKey) return { type: 'none' };
  switch (e.key) {
    case 'ArrowLeft':
      return { type: 'prev' };
    case 'ArrowRight':
      return { type: 'next' };
    case '1':
    case '2':
    case '3':
      return { type: 'mode', mode: COMPARE_MODES[Number(e.key) - 1] };
    case '+':
    case '=':
      return { type: 'zoom', direction: 1 };
    case '-':
    case '_':
      return { type: 'zoom', direction: -1 };
    case '0':
      return { type: 'reset' };
  }
  if (mode === 'slider') {
    if (e.key === 'Home') return { type: 'split', percent: 0 };
    if (e.key === '5') return { type: 'split', percent: 50 };
    if (e.key === 'End') return { type: 'split', percent: 100 };
  }
  return { type: 'none' };
}
