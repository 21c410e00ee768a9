/** Public surface of the compare view: the component, its data types and the pure maths behind it. */
export { CompareView, type CompareViewProps } from './CompareView';
export type { CompareImage, CompareMode, CompareSimilarity, CompareVariation } from './types';
export { computeDifference, differenceStats, type PixelsLike } from './difference';
export * as zoomPan from './zoomPan';
