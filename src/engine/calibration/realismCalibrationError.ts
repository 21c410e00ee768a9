/** @file The one error a realism-offset calibration file or pack check throws, with a stable code for UI help. */

export type RealismCalibrationErrorCode =
  | 'calibration/not-a-calibration'
  | 'calibration/unsupported-version'
  | 'calibration/corrupt'
  | 'calibration/wrong-pack'
  | 'calibration/wrong-components'
  | 'calibration/wrong-shape';

export class RealismCalibrationError extends Error {
  constructor(
    readonly code: RealismCalibrationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RealismCalibrationError';
  }
}
