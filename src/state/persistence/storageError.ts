/**
 * Turns what IndexedDB rejects with into an error a person can act on. Chromium aborts a transaction that
 * would exceed the origin's quota with a QuotaExceededError whose message is empty, and idb-keyval rejects
 * with `transaction.error`, which is null for some aborts; neither reads well in a notice.
 */

export class WorkspaceStorageError extends Error {
  constructor(
    message: string,
    readonly code: 'storage-quota' | 'storage-failed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WorkspaceStorageError';
  }
}

export function isQuotaExceeded(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  // Firefox used NS_ERROR_DOM_QUOTA_REACHED before it adopted the standard name.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

export function toWorkspaceStorageError(e: unknown): WorkspaceStorageError {
  if (e instanceof WorkspaceStorageError) return e;
  if (isQuotaExceeded(e)) {
    return new WorkspaceStorageError("the browser's storage quota for this site is full; clear the workspace or free disk space, then import again", 'storage-quota', { cause: e });
  }
  const detail = e instanceof Error ? e.message || e.name : e == null ? 'the write was aborted' : String(e);
  return new WorkspaceStorageError(`the browser refused to store it (${detail})`, 'storage-failed', { cause: e });
}

/** For `.catch` on a write: always rethrows, as a WorkspaceStorageError. */
export function rethrowAsStorageError(e: unknown): never {
  throw toWorkspaceStorageError(e);
}
