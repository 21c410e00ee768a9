import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format';

describe('format', () => {
  it('formats durations at each scale', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(NaN)).toBe('–');
  });
  it('formats bytes with binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GB');
  });
});
