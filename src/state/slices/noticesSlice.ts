/** Notices shown to the user: backend fallbacks, worker restarts, errors that need attention. */
import type { StateCreator } from 'zustand';
import type { StudioState } from '../store';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  text: string;
}

export interface NoticesSlice {
  notices: Notice[];
  addNotice(level: NoticeLevel, text: string): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;

export const createNoticesSlice: StateCreator<StudioState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  addNotice: (level, text) =>
    set((s) => (s.notices.some((n) => n.text === text) ? s : { notices: [...s.notices, { id: nextNoticeId++, level, text }] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
