import { describe, expect, it } from 'vitest';
import { compareKeyAction } from './compareKeys';

describe('compareKeyAction', () => {
  it('maps navigation, modes and zoom in every mode', () => {
    for (const mode of ['side-by-side', 'slider', 'difference'] as const) {
      expect(compareKeyAction({ key: 'ArrowLeft' }, mode)).toEqual({ type: 'prev' });
      expect(compareKeyAction({ key: 'ArrowRight' }, mode)).toEqual({ type: 'next' });
      expect(compareKeyAction({ key: '1' }, mode)).toEqual({ type: 'mode', mode: 'side-by-side' });
      expect(compareKeyAction({ key: '2' }, mode)).toEqual({ type: 'mode', mode: 'slider' });
      expect(compareKeyAction({ key: '3' }, mode)).toEqual({ type: 'mode', mode: 'difference' });
      expect(compareKeyAction({ key: '+' }, mode)).toEqual({ type: 'zoom', direction: 1 });
      expect(compareKeyAction({ key: '=' }, mode)).toEqual({ type: 'zoom', direction: 1 });
      expect(compareKeyAction({ key: '-' }, mode)).toEqual({ type: 'zoom', direction: -1 });
      expect(compareKeyAction({ key: '0' }, mode)).toEqual({ type: 'reset' });
    }
  });
  it('maps split keys only in slider mode', () => {
    expect(compareKeyAction({ key: 'Home' }, 'slider')).toEqual({ type: 'split', percent: 0 });
    expect(compareKeyAction({ key: '5' }, 'slider')).toEqual({ type: 'split', percent: 50 });
    expect(compareKeyAction({ key: 'End' }, 'slider')).toEqual({ type: 'split', percent: 100 });
    expect(compareKeyAction({ key: 'Home' }, 'side-by-side')).toEqual({ type: 'none' });
    expect(compareKeyAction({ key: '5' }, 'difference')).toEqual({ type: 'none' });
  });
  it('leaves modifier combinations and other keys to the browser', () => {
    expect(compareKeyAction({ key: '+', ctrlKey: true }, 'slider')).toEqual({ type: 'none' });
    expect(compareKeyAction({ key: 'ArrowLeft', altKey: true }, 'slider')).toEqual({ type: 'none' });
    expect(compareKeyAction({ key: '1', metaKey: true }, 'slider')).toEqual({ type: 'none' });
    expect(compareKeyAction({ key: 'x' }, 'slider')).toEqual({ type: 'none' });
  });
});
