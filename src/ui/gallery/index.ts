/** Public surface of the gallery: the component, its data types and the pure rules the store can reuse. */
export { Gallery, type GalleryProps } from './Gallery';
export type { FaceTileState, GalleryFace, GalleryGroup, SelectMode, UseTileState } from './types';
export { applySelection, selectIdentity, type SelectionState } from './selection';
export { buildGridLayout, columnsFor, idsInRange, moveFocus, type GridLayout, type GridRow } from './gridLayout';
