/**
 * @file Checks that a realism calibration belongs to the loaded pack: same pack id, same ArcFace and text
 * encoder weights (a Δ measured with other weights points somewhere meaningless), and the shape the pack's
 * conditioning has in the calibration's space.
 */
import type { RealismOffsetSpace } from '../conditioning/applyRealismOffset';
import { RealismCalibrationError } from './realismCalibrationError';
import type { CalibrationPackRef, RealismCalibrationHeader } from './realismCalibrationFile';

export interface CalibrationTarget {
  readonly pack: CalibrationPackRef;
  /** The shape Δ must have in each space for this pack. */
  readonly shapes: Readonly<Record<RealismOffsetSpace, readonly number[]>>;
}

/** @throws RealismCalibrationError ('calibration/wrong-pack' | 'calibration/wrong-components' | 'calibration/wrong-shape') */
export function assertCalibrationFitsPack(header: RealismCalibrationHeader, target: CalibrationTarget): void {
  const want = target.pack;
  if (header.pack.id !== want.id) {
    throw new RealismCalibrationError('calibration/wrong-pack', `This realism calibration was made for pack "${header.pack.id}", not for the active pack "${want.id}"`);
  }
  if (header.pack.componentsDigest !== want.componentsDigest) {
    const differ = Object.keys({ ...want.components, ...header.pack.components })
      .filter((k) => want.components[k] !== header.pack.components[k])
      .sort();
    throw new RealismCalibrationError(
      'calibration/wrong-components',
      `This realism calibration was made with other weights of pack "${want.id}" (version ${header.pack.version}, now ${want.version}; differing: ${differ.join(', ')}); calibrate again`,
    );
  }
  const shape = target.shapes[header.space];
  if (header.shape.length !== shape.length || header.shape.some((d, i) => d !== shape[i])) {
    throw new RealismCalibrationError('calibration/wrong-shape', `Realism Δ in ${header.space} space has shape [${header.shape.join(', ')}], pack "${want.id}" needs [${shape.join(', ')}]`);
  }
}
