import { describe, expect, it } from 'vitest';
import { isQuotaExceeded, toWorkspaceStorageError, WorkspaceStorageError } from './storageError';

describe('toWorkspaceStorageError', () => {
  it("names a full quota even when the browser's message is empty (Chromium IndexedDB)", () => {
    const e = toWorkspaceStorageError(new DOMException('', 'QuotaExceededError'));
    expect(e).toBeInstanceOf(WorkspaceStorageError);
    expect(e.code).toBe('storage-quota');
    expect(e.message).toMatch(/storage quota .* is full/);
  });

  it('gives a readable message for a null abort error and keeps other messages', () => {
    expect(toWorkspaceStorageError(null)).toMatchObject({ code: 'storage-failed', message: expect.stringContaining('aborted') });
    expect(toWorkspaceStorageError(new Error('disk on fire')).message).toContain('disk on fire');
    expect(toWorkspaceStorageError(new DOMException('', 'UnknownError')).message).toContain('UnknownError');
  });

  it('recognises only quota errors as quota errors', () => {
    expect(isQuotaExceeded(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaExceeded({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaExceeded(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
  });
});
