/**
 * The faces the user is working on, their enhancement results, selection and focus. Blobs live in
 * IndexedDB; the store keeps metadata and object URLs for display.
 */
import type { StateCreator } from 'zustand';
import type { FaceRecord, ResultRecord } from '../persistence/workspaceDb';
import type { StudioState } from '../store';

export type FaceStatus = 'ready' | 'queued' | 'running' | 'done' | 'failed';

export interface FaceView extends FaceRecord {
  thumbUrl: string | null;
}

export interface ResultView extends ResultRecord {
  url: string | null;
}

export interface SkippedView {
  name: string;
  reason: string;
  at: number;
}

export interface WorkspaceSlice {
  faces: Record<string, FaceView>;
  /** Face ids in identity order, then image index. */
  faceOrder: string[];
  results: Record<string, ResultView>;
  status: Record<string, FaceStatus>;
  selected: ReadonlySet<string>;
  focusedId: string | null;
  /** The last import's skipped files with reasons, shown in the import report. */
  skipped: SkippedView[];
  lastImportSummary: string | null;
  addFaces(faces: FaceView[]): void;
  setResult(r: ResultView): void;
  /** Many results in one update (one gallery re-render for a whole batch). */
  setResults(list: ResultView[]): void;
  setStatus(ids: string[], s: FaceStatus): void;
  setSkipped(list: SkippedView[], summary: string): void;
  select(id: string, mode: 'single' | 'toggle' | 'range'): void;
  selectMany(ids: string[]): void;
  setFocused(id: string | null): void;
  resetWorkspace(): void;
}

/** Natural order: identity names compare numerically when both are numbers ("2" < "10"). */
export function compareFaces(a: FaceRecord, b: FaceRecord): number {
  const c = a.identity.localeCompare(b.identity, undefined, { numeric: true });
  return c !== 0 ? c : a.index - b.index || a.name.localeCompare(b.name);
}

export const createWorkspaceSlice: StateCreator<StudioState, [], [], WorkspaceSlice> = (set, get) => ({
  faces: {},
  faceOrder: [],
  results: {},
  status: {},
  selected: new Set(),
  focusedId: null,
  skipped: [],
  lastImportSummary: null,
  addFaces: (list) =>
    set((s) => {
      const faces = { ...s.faces };
      const status = { ...s.status };
      for (const f of list) {
        faces[f.id] = f;
        status[f.id] ??= 'ready';
      }
      const faceOrder = Object.values(faces).sort(compareFaces).map((f) => f.id);
      return { faces, faceOrder, status, focusedId: s.focusedId ?? faceOrder[0] ?? null };
    }),
  setResult: (r) =>
    set((s) => ({
      results: { ...s.results, [r.faceId]: r },
      status: { ...s.status, [r.faceId]: r.error ? 'failed' : 'done' },
    })),
  setResults: (list) =>
    set((s) => {
      if (list.length === 0) return s;
      const results = { ...s.results };
      const status = { ...s.status };
      for (const r of list) {
        results[r.faceId] = r;
        status[r.faceId] = r.error ? 'failed' : 'done';
      }
      return { results, status };
    }),
  setStatus: (ids, st) =>
    set((s) => {
      const status = { ...s.status };
      for (const id of ids) status[id] = st;
      return { status };
    }),
  setSkipped: (list, summary) => set({ skipped: list, lastImportSummary: summary }),
  select: (id, mode) => {
    const s = get();
    if (mode === 'single') return set({ selected: new Set([id]), focusedId: id });
    if (mode === 'toggle') {
      const next = new Set(s.selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return set({ selected: next, focusedId: id });
    }
    const anchor = s.focusedId ?? id;
    const a = s.faceOrder.indexOf(anchor);
    const b = s.faceOrder.indexOf(id);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    set({ selected: new Set(s.faceOrder.slice(lo, hi + 1)) });
  },
  selectMany: (ids) => set({ selected: new Set(ids) }),
  setFocused: (focusedId) => set({ focusedId }),
  resetWorkspace: () =>
    set({ faces: {}, faceOrder: [], results: {}, status: {}, selected: new Set(), focusedId: null, skipped: [], lastImportSummary: null }),
});
