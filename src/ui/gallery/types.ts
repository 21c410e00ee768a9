/** Data shapes the gallery renders; the lead maps store state onto these. */

/** One face image as the gallery shows it. */
export interface GalleryFace {
  id: string;
  identity: string;
  /** Position of the face inside its identity (0-based). */
  index: number;
  /** File name; shown as text and used as the thumbnail's alt text. */
  name: string;
  thumbUrl: string | null;
}

/**
 * What changes while a queue runs. Kept apart from {@link GalleryFace} so that a status update re-renders the
 * one tile it concerns, not the gallery: the layout depends only on the faces, each tile reads its own state.
 */
export interface FaceTileState {
  status: 'ready' | 'queued' | 'running' | 'done' | 'failed';
  resultThumbUrl: string | null;
  /** How many enhanced variations the face has (badge shown from 2 up). */
  variationCount: number;
  error?: string;
}

/** A hook (called once per mounted tile) that returns a face's current {@link FaceTileState}. */
export type UseTileState = (faceId: string) => FaceTileState;

/** All faces of one identity, in display order. */
export interface GalleryGroup {
  identity: string;
  faces: GalleryFace[];
}

/** How a click or key changes the selection. */
export type SelectMode = 'single' | 'toggle' | 'range';
