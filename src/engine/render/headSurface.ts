/**
 * The head as an analytic surface: a superquadric (flattened front, tapering jaw) plus smooth relief for
 * brow ridge, eye sockets, nose, cheeks, lips and chin, and the jaw drop of an open mouth.
 *
 * Parametrisation: v = sin β (β latitude) and u = sin α (α around the head, 0 = front). With ρ = (1−|v|^m)^{1/m}
 * and w(u) = (1−|u|^n)^{1/n}: y = b·v, x = a(y)·ρ·u, z = ±c·ρ·w(u). That lies exactly on
 * (|x/a|^n + |z/c|^n)^{m/n} + |y/b|^m = 1, and unlike the usual signed-power form it samples the face
 * centre (nose, philtrum) densely. The relief moves points along z only, so a rest (x, y) names one front point.
 */
import { dExp, dPow } from './deterministicMath';
import type { FaceLayout } from './faceLayout';

/** A mutable 3-vector scratch target, to keep the per-vertex loops allocation-free. */
export type Vec3Out = [number, number, number];

function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/** Anisotropic Gaussian bump, cut off where it is below e^-16 (saves the exp; invisible at 8 bits). */
function gauss(dx: number, sx: number, dy: number, sy: number): number {
  const q = (dx * dx) / (sx * sx) + (dy * dy) / (sy * sy);
  return q > 16 ? 0 : dExp(-q);
}

/** Half-width of the head at height y: the identity's width, narrowed toward the chin by the jaw taper. */
export function headHalfWidth(L: FaceLayout, y: number): number {
  if (y >= L.jawStartY) return L.headWidth;
  const t = Math.min(1, (L.jawStartY - y) / (L.jawStartY + L.headBottom));
  return L.headWidth * (1 - L.jaw * t * t);
}

/** Rest (undeformed) head point for latitude parameter v ∈ [−1,1] and around-angle sines u, front flag. */
export function restHeadPoint(L: FaceLayout, v: number, u: number, front: boolean, out: Vec3Out): Vec3Out {
  const y = (v >= 0 ? L.headTop : L.headBottom) * v;
  const rho = dPow(Math.max(0, 1 - dPow(Math.abs(v), L.expV)), 1 / L.expV);
  const w = dPow(Math.max(0, 1 - dPow(Math.abs(u), L.expH)), 1 / L.expH);
  out[0] = headHalfWidth(L, y) * rho * u;
  out[1] = y;
  out[2] = (front ? L.depthFront : -L.depthBack) * rho * w;
  return out;
}

/** z of the rest surface's front at (x, y); 0 outside the silhouette. */
export function restFrontZ(L: FaceLayout, x: number, y: number): number {
  const b = y >= 0 ? L.headTop : L.headBottom;
  const vert = 1 - dPow(Math.min(1, Math.abs(y / b)), L.expV);
  const horiz = dPow(Math.max(0, vert), L.expH / L.expV) - dPow(Math.abs(x / headHalfWidth(L, y)), L.expH);
  return horiz > 0 ? L.depthFront * dPow(horiz, 1 / L.expH) : 0;
}

/** y of the line between the lips at x (rises toward the corners with a smile). */
export function mouthLineY(L: FaceLayout, x: number): number {
  const t = x / L.mouthHalfWidth;
  return L.mouthY + L.cornerLift * t * t;
}

/** Relief height added to z at rest (x, y), before the front-weighting. */
export function faceRelief(L: FaceLayout, x: number, y: number): number {
  const ax = Math.abs(x);
  let h = 0;
  // Brow ridge: two lobes over the eyes, merging over the nose bridge.
  h += 0.045 * L.browRidge * gauss(ax - L.eyeX * 0.8, 0.22, y - (L.eyeY + 0.11), 0.065);
  // Eye sockets: the eyeballs sit in these.
  h -= 0.075 * gauss(ax - L.eyeX, 0.13, y - L.eyeY, 0.085);
  // Nose: a ridge widening and rising from the bridge to the tip, then falling steeply under the tip.
  const top = L.eyeY + 0.02;
  const span = top - L.noseTipY;
  const t = Math.min(1, Math.max(0, (top - y) / span));
  const ridgeH = 0.03 + (L.noseProtrusion - 0.03) * t * t;
  const ridgeW = (0.04 + 0.035 * t) * L.noseWidth;
  let along = 1;
  if (y > top) along = gauss(0, 1, y - top, 0.07);
  else if (y < L.noseTipY) along = gauss(0, 1, y - L.noseTipY, 0.04);
  h += ridgeH * along * gauss(x, ridgeW, 0, 1);
  h += 0.03 * gauss(x, 0.055 * L.noseWidth, y - (L.noseTipY + 0.01), 0.045); // tip bulb
  h += 0.05 * gauss(ax - 0.075 * L.noseWidth, 0.045 * L.noseWidth, y - (L.noseTipY + 0.005), 0.04); // wings
  // Cheekbones, raised and lifted by a smile.
  h += 0.05 * L.cheek * (1 + 0.6 * L.smile) * gauss(ax - 0.37, 0.15, y - (L.noseTipY + 0.04 + 0.03 * L.smile), 0.13);
  // Lips follow the mouth line; the groove between them deepens a little.
  const my = mouthLineY(L, x);
  const lipSpan = gauss(x, L.mouthHalfWidth * 0.95, 0, 1);
  h += (0.5 + L.upperLip * 14) * 0.028 * lipSpan * gauss(0, 1, y - (my + L.upperLip * 0.9), 0.032);
  h += (0.5 + L.lowerLip * 11) * 0.03 * lipSpan * gauss(0, 1, y - (my - L.mouthGap - L.lowerLip * 0.9), 0.036);
  h -= 0.012 * gauss(x, L.mouthHalfWidth, y - my, 0.015);
  // Chin and the fold above it.
  h += 0.05 * gauss(x, 0.15, y - (L.chinY + 0.16), 0.1);
  h -= 0.018 * gauss(x, 0.16, y - (L.mouthY - L.mouthGap - 0.12), 0.035);
  return h;
}

/**
 * Deformed (posed-expression) position of a rest point: relief along z on the front of the head, and the
 * lower face dropped by an open mouth. Writes into `out` (may alias nothing else).
 */
export function deformHeadPoint(L: FaceLayout, rx: number, ry: number, rz: number, out: Vec3Out): Vec3Out {
  const frontness = rz / L.depthFront;
  const w = smoothstep(0.15, 0.55, frontness);
  let y = ry;
  if (L.jawDrop > 0 && ry < L.mouthY) {
    const down = smoothstep(L.mouthY, L.mouthY - L.mouthGap - 0.1, ry);
    const lateral = 1 - 0.7 * smoothstep(0.3, 0.75, Math.abs(rx));
    y -= L.jawDrop * down * lateral * smoothstep(-0.3, 0.3, frontness);
  }
  out[0] = rx;
  out[1] = y;
  out[2] = rz + (w > 0 ? w * faceRelief(L, rx, ry) : 0);
  return out;
}

/** Deformed surface point on the face front at rest (x, y): used for the nose-tip and mouth-corner landmarks. */
export function frontSurfacePoint(L: FaceLayout, x: number, y: number, out: Vec3Out): Vec3Out {
  return deformHeadPoint(L, x, y, restFrontZ(L, x, y), out);
}
