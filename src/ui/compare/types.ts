/** Data shapes the compare view takes; the lead maps store state onto these. */

/** One image with its intrinsic pixel size; both sides are drawn at the same intrinsic size. */
export interface CompareImage {
  url: string;
  width: number;
  height: number;
  label: string;
}

export type CompareMode = 'side-by-side' | 'slider' | 'difference';

/** One variation of the same identity, shown in the variation grid. */
export interface CompareVariation {
  id: string;
  url: string;
  label: string;
  /** The source face it was made from: the grid shows one row per group, in order. */
  group?: string;
}

/** Identity similarity between before and after, from a face-identity model. */
export interface CompareSimilarity {
  value: number;
  model: string;
}

export const COMPARE_MODES: readonly CompareMode[] = ['side-by-side', 'slider', 'difference'];
