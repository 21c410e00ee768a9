import { describe, expect, it } from 'vitest';
import { clickMode, galleryKeyAction } from './galleryKeys';

const none = { shiftKey: false, ctrlKey: false, metaKey: false };

describe('clickMode', () => {
  it('maps modifiers to selection modes', () => {
    expect(clickMode(none)).toBe('single');
    expect(clickMode({ ...none, ctrlKey: true })).toBe('toggle');
    expect(clickMode({ ...none, metaKey: true })).toBe('toggle');
    expect(clickMode({ ...none, shiftKey: true })).toBe('range');
    expect(clickMode({ shiftKey: true, ctrlKey: true, metaKey: false })).toBe('range');
  });
});

describe('galleryKeyAction', () => {
  it('maps navigation, space and enter', () => {
    expect(galleryKeyAction({ ...none, key: 'ArrowDown' })).toEqual({ type: 'move', key: 'ArrowDown', extend: false });
    expect(galleryKeyAction({ ...none, shiftKey: true, key: 'End' })).toEqual({ type: 'move', key: 'End', extend: true });
    expect(galleryKeyAction({ ...none, key: ' ' })).toEqual({ type: 'toggle' });
    expect(galleryKeyAction({ ...none, key: 'Enter' })).toEqual({ type: 'open' });
  });
  it('ignores other keys and alt combinations', () => {
    expect(galleryKeyAction({ ...none, key: 'a' })).toEqual({ type: 'none' });
    expect(galleryKeyAction({ ...none, altKey: true, key: 'ArrowLeft' })).toEqual({ type: 'none' });
  });
});
