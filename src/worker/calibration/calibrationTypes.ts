/**
 * @file What crosses the worker boundary for realism-offset calibration: plain, clonable data only
 * (the calibration file travels as bytes).
 */
import type { RealismOffsetSpace } from '../../engine/conditioning/applyRealismOffset';
import type { RealismCalibrationHeader } from '../../engine/calibration/realismCalibrationFile';

export type { RealismOffsetSpace, RealismCalibrationHeader };

export interface CalibrationFile {
  name: string;
  blob: Blob;
}

export interface CalibrationRequest {
  /** Photos of real faces (any size; faces are detected and aligned unless already 112×112). */
  real: CalibrationFile[];
  /** Synthetic faces (DigiFace crops, studio renders…). */
  synthetic: CalibrationFile[];
  space: RealismOffsetSpace;
  /**
   * Per set: treat square images of any size as crops already on the ArcFace template (DigiFace, studio
   * renders at 512), as enhancement does. 112×112 images are always taken as aligned. Real photos are
   * usually square but not aligned (FFHQ), so the default is false for `real`, true for `synthetic`.
   */
  squaresAreAligned?: { real: boolean; synthetic: boolean };
}

/** A file left out of the calibration, and why. */
export interface CalibrationSkip {
  set: 'real' | 'synthetic';
  name: string;
  reason: string;
}

export interface CalibrationResult {
  /** The calibration file (header + float32 Δ), ready to attach or download. */
  file: Uint8Array;
  header: RealismCalibrationHeader;
  skipped: CalibrationSkip[];
}

/** The Δ enhancement uses for a pack, if any, and where it came from. */
export interface RealismOffsetInfo {
  /** 'attached': a calibration the user attached; 'pack': the pack's own `realismDelta` constant. */
  source: 'attached' | 'pack';
  space: RealismOffsetSpace;
  shape: number[];
  /** sha256 (hex) of the float32 Δ bytes. */
  digest: string;
  /** ‖Δ‖₂. */
  norm: number;
  /** Attached calibrations only. */
  header?: RealismCalibrationHeader;
}
