/**
 * The faces the user is working on, their enhancement results, selection and focus. Blobs live in
 * IndexedDB; the store keeps metadata and object URLs for display.
 */
import type { StateCreator } from 'zustand';
import type { ResultRef } from '../persistence/resultKeys';
import type { FaceRecord, ResultRecord } from '../persistence/workspaceDb';
import type { StudioState } from '../store';
import { upsertVariation } from './faceResults';

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
  /** Each face's results, one per variation, sorted by variation index. */
  results: Record<string, ResultView[]>;
  /**
   * Faces that are not 'ready' (a face without an entry is ready). Sparse because every status change copies
   * this object: with one entry per face, a 10,000-face workspace paid ~8 ms per copy, several times a second
   * during a queue.
   */
  status: Record<string, FaceStatus>;
  selected: ReadonlySet<string>;
  focusedId: string | null;
  /** The last import's skipped files with reasons, shown in the import report. */
  skipped: SkippedView[];
  lastImportSummary: string | null;
  addFaces(faces: FaceView[]): void;
  /** Puts one result in place (by face and variation); face statuses are left as they are. */
  setResult(r: ResultView): void;
  /**
   * Many results in one update (one gallery re-render for a whole batch), with the statuses of the faces
   * they settle: only the caller knows when a face's last variation is in.
   */
  setResults(list: ResultView[], settled?: Record<string, FaceStatus>): void;
  /** Drops these results (e.g. variations a new run with fewer variations will not replace). */
  removeResults(refs: ResultRef[]): void;
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
      for (const f of list) faces[f.id] = f;
      const faceOrder = Object.values(faces).sort(compareFaces).map((f) => f.id);
      return { faces, faceOrder, focusedId: s.focusedId ?? faceOrder[0] ?? null };
    }),
  setResult: (r) => set((s) => ({ results: { ...s.results, [r.faceId]: upsertVariation(s.results[r.faceId], r) } })),
  setResults: (list, settled) =>
    set((s) => {
      if (list.length === 0 && !settled) return s;
      const results = { ...s.results };
      for (const r of list) results[r.faceId] = upsertVariation(results[r.faceId], r);
      if (!settled) return { results };
      const status = { ...s.status };
      for (const [id, st] of Object.entries(settled)) {
        if (st === 'ready') delete status[id];
        else status[id] = st;
      }
      return { results, status };
    }),
  removeResults: (refs) =>
    set((s) => {
      if (refs.length === 0) return s;
      const results = { ...s.results };
      for (const ref of refs) {
        const left = (results[ref.faceId] ?? []).filter((r) => r.variation !== ref.variation);
        if (left.length) results[ref.faceId] = left;
        else delete results[ref.faceId];
      }
      return { results };
    }),
  setStatus: (ids, st) =>
    set((s) => {
      if (ids.length === 0) return s;
      const status = { ...s.status };
      for (const id of ids) {
        if (st === 'ready') delete status[id];
        else status[id] = st;
      }
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
