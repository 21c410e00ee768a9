/**
 * Where the facial features sit, in head units, for one identity + expression. Geometry, albedo and the
 * landmarks all read this one layout, so the 5 landmarks are exactly where the eyes, nose and mouth are drawn.
 *
 * Head frame: x toward the image's right in a frontal view (so x < 0 is the subject's right eye), y up,
 * z toward the viewer; the eye line sits at y = EYE_LINE_Y. Feature spacing matches the ArcFace 112×112
 * template for the average identity: nose tip 0.5715 and mouth corners 1.155 inter-eye distances below the
 * eye line, mouth width 0.828 of the eye distance (from face-tooling.md §4), so aligned crops fit it closely;
 * nose and mouth are then moved by the face stack's landmark convention (faceStackLandmarkConvention.ts), so
 * the points the studio's detector reports, not the geometric ones, carry those ratios.
 */
import { FACE_STACK_LANDMARK_OFFSET } from './faceStackLandmarkConvention';
import type { IdentityParams } from './identityParams';
import type { Expression } from './variationParams';

export const EYE_LINE_Y = 0.12;
/** Half the inter-eye distance of the average face (so the eye distance is 0.62 head units). */
export const BASE_EYE_HALF_SPACING = 0.31;

export interface FaceLayout {
  // Head superquadric: half-width a(y) = headWidth·taper(y), top/bottom half-heights, front/back depths.
  headWidth: number;
  headTop: number;
  headBottom: number;
  depthFront: number;
  depthBack: number;
  /** Horizontal (x–z) and vertical superquadric exponents; > 2 flattens the face front. */
  expH: number;
  expV: number;
  /** Extra narrowing of the lower face, 0..1, reached at the chin. */
  jaw: number;
  /** y below which the jaw taper starts. */
  jawStartY: number;

  eyeY: number;
  /** x of the image-right eye centre (the other is at −eyeX). */
  eyeX: number;
  eyeRadius: number;
  /** Lid aperture half-height as a fraction of the eyeball radius (0 when closed). */
  eyeOpen: number;
  browY: number;
  browRidge: number;
  browThickness: number;

  noseTipY: number;
  noseProtrusion: number;
  noseWidth: number;

  mouthY: number;
  /** Half distance between the mouth corners, including the smile's widening. */
  mouthHalfWidth: number;
  /** How far the corners rise with a smile. */
  cornerLift: number;
  upperLip: number;
  lowerLip: number;
  /** Vertical gap of the open mouth at its centre, in rest coordinates. */
  mouthGap: number;
  /** Downward jaw displacement of an open mouth. */
  jawDrop: number;

  /** Lowest point of the chin (y of the head superquadric bottom). */
  chinY: number;
  cheek: number;
  smile: number;
  hairlineY: number;
}

/** Computes the layout from identity shape coefficients and the expression (both already in range). */
export function faceLayout(identity: IdentityParams, expression: Expression): FaceLayout {
  const s = identity.shape;
  const eyeDistanceHalf = BASE_EYE_HALF_SPACING * s.eyeSpacing;
  const unit = 2 * BASE_EYE_HALF_SPACING; // template ratios are per average eye distance
  const smile = expression.smile;
  // Nose and mouth sit where the face stack will report them on the template ratios (faceStackLandmarkConvention).
  // Relative to the eyes: a shift common to all five points is the alignment's business, not the geometry's.
  const eyeOffsetY = FACE_STACK_LANDMARK_OFFSET[0][1];
  const noseOffset = FACE_STACK_LANDMARK_OFFSET[2][1] - eyeOffsetY;
  const mouthOffsetX = (FACE_STACK_LANDMARK_OFFSET[4][0] - FACE_STACK_LANDMARK_OFFSET[3][0]) / 2;
  const mouthOffsetY = FACE_STACK_LANDMARK_OFFSET[4][1] - eyeOffsetY;
  const mouthY = EYE_LINE_Y - 1.155 * unit * (0.5 + 0.5 * s.chinLength) - 0.01 * smile - mouthOffsetY;
  const headBottom = 1.0 * s.chinLength + 0.04 * expression.mouthOpen;
  return {
    headWidth: 0.76 * s.width,
    headTop: 1.22,
    headBottom,
    depthFront: 0.86 * s.depth,
    depthBack: 1.02 * s.depth,
    expH: 2.7,
    expV: 2.3,
    jaw: s.jaw,
    jawStartY: EYE_LINE_Y - 0.45,

    eyeY: EYE_LINE_Y,
    eyeX: eyeDistanceHalf,
    eyeRadius: 0.125 * s.eyeSize,
    eyeOpen: 0.42 * (1 - expression.eyesClosed) * (1 - 0.15 * smile),
    browY: EYE_LINE_Y + 0.145 * s.browHeight,
    browRidge: s.browRidge,
    browThickness: identity.browThickness,

    noseTipY: EYE_LINE_Y - 0.5715 * unit * s.noseLength - noseOffset,
    noseProtrusion: 0.2 * s.noseProtrusion,
    noseWidth: s.noseWidth,

    mouthY,
    mouthHalfWidth: 0.414 * unit * s.mouthWidth * (1 + 0.08 * smile) - mouthOffsetX,
    cornerLift: 0.045 * smile,
    upperLip: 0.036 * s.lipThickness,
    lowerLip: 0.046 * s.lipThickness,
    mouthGap: 0.05 * expression.mouthOpen,
    jawDrop: 0.07 * expression.mouthOpen,

    chinY: -headBottom,
    cheek: s.cheek,
    smile,
    hairlineY: EYE_LINE_Y + identity.hairline,
  };
}
