/**
 * Procedural albedo (linear RGB) and specular settings of the head, eyes and neck, evaluated per pixel
 * from rest-surface coordinates so features stay crisp at any resolution: skin with gentle mottling and
 * blush, lips and mouth interior, nostrils, brows, hair, and the eye's sclera, iris, pupil, lids and lashes.
 */
import { toLinear } from './colour';
import { createRng } from './createRng';
import { dExp, dSin } from './deterministicMath';
import type { FaceLayout } from './faceLayout';
import { mouthLineY } from './headSurface';
import type { IdentityParams } from './identityParams';

/** Albedo + specular of one surface sample; `out` objects are reused by the shading loop. */
export interface SurfaceSample {
  r: number;
  g: number;
  b: number;
  /** Specular strength (linear). */
  ks: number;
  /** Blinn–Phong exponent as a power of two, log2 (so pow is repeated squaring: exact on every engine). */
  shininessLog2: number;
}

/** Linear colours and texture phases shared by every pixel of one face. */
export interface AlbedoContext {
  L: FaceLayout;
  skin: [number, number, number];
  lip: [number, number, number];
  hair: [number, number, number];
  brow: [number, number, number];
  iris: [number, number, number];
  /** Phases/frequencies of the low-frequency skin mottling (from the identity's texture seed). */
  mottle: number[];
}

export function createAlbedoContext(L: FaceLayout, identity: IdentityParams): AlbedoContext {
  const rng = createRng(identity.textureSeed);
  const mottle: number[] = [];
  for (let i = 0; i < 3; i++) mottle.push(rng.uniform(6, 14), rng.uniform(6, 14), rng.uniform(0, 2 * Math.PI));
  return {
    L,
    skin: toLinear(identity.skinTone),
    lip: toLinear(identity.lipColor),
    hair: toLinear(identity.hairColor),
    brow: toLinear(identity.browColor),
    iris: toLinear(identity.eyeColor),
    mottle,
  };
}

/** 0 → 1 over [e0, e1] (e0 > e1 allowed, then it falls). */
function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

function blend(o: SurfaceSample, c: readonly number[], t: number): void {
  if (t <= 0) return;
  o.r += (c[0] - o.r) * t;
  o.g += (c[1] - o.g) * t;
  o.b += (c[2] - o.b) * t;
}

/** Multiplies the sample toward `k`·itself by weight t (darkening without allocating a colour). */
function scaleBy(o: SurfaceSample, kr: number, kg: number, kb: number, t: number): void {
  if (t <= 0) return;
  o.r *= 1 + (kr - 1) * t;
  o.g *= 1 + (kg - 1) * t;
  o.b *= 1 + (kb - 1) * t;
}

const MOUTH_INTERIOR = [0.03, 0.006, 0.006];
const TEETH = [0.62, 0.58, 0.5];
const LASH = [0.012, 0.009, 0.008];
const SCLERA = [0.7, 0.66, 0.62];

/** Lowest y of the hair at around-angle α and x: the frontal hairline, temples, sideburns, then the nape. */
function hairBoundaryY(L: FaceLayout, x: number, alpha: number): number {
  const a = Math.abs(alpha);
  const front = L.hairlineY - 0.09 * (x / 0.45) * (x / 0.45) + 0.02 * dSin(x * 9);
  const side = L.eyeY + 0.04;
  const nape = -0.5;
  const toSide = smoothstep(1.0, 1.3, a);
  const toBack = smoothstep(1.65, 2.2, a);
  return front + (side - front) * toSide + (nape - side) * toBack;
}

/** Brow mask for one side (±1) at rest (x, y). */
function browMask(L: FaceLayout, side: number, x: number, y: number): number {
  const cx = side * L.eyeX * 1.03;
  const halfW = 0.145;
  const u = (x - cx) / halfW; // −1 inner … +1 outer for side = +1 (mirrored for −1)
  const uo = u * side;
  if (uo < -1.15 || uo > 1.15) return 0;
  const centreY = L.browY + 0.025 * (1 - uo * uo) - 0.012 * uo;
  const thick = L.browThickness * (1.1 - 0.45 * Math.max(0, uo));
  const across = smoothstep(thick + 0.006, thick - 0.006, Math.abs(y - centreY));
  const ends = smoothstep(1.12, 0.95, Math.abs(uo));
  return across * ends;
}

/** Albedo of the head surface at rest (x, y) and around-angle α. */
export function headAlbedo(ctx: AlbedoContext, x: number, y: number, alpha: number, o: SurfaceSample): SurfaceSample {
  const L = ctx.L;
  const m = ctx.mottle;
  const mottle = 1 + 0.035 * dSin(m[0] * x + m[1] * y + m[2]) * dSin(m[3] * x - m[4] * y + m[5]) + 0.02 * dSin(m[6] * (x + y) + m[8]);
  o.r = ctx.skin[0] * mottle;
  o.g = ctx.skin[1] * mottle;
  o.b = ctx.skin[2] * mottle;
  o.ks = 0.05;
  o.shininessLog2 = 4;
  const ax = Math.abs(x);
  const frontal = Math.abs(alpha) < 1.3;

  if (frontal) {
    // Blush on the cheeks and nose tip: more red, less green/blue.
    const blushQ = ((ax - 0.36) * (ax - 0.36)) / 0.03 + ((y - L.noseTipY) * (y - L.noseTipY)) / 0.02;
    const noseQ = (x * x) / 0.004 + ((y - L.noseTipY) * (y - L.noseTipY)) / 0.004;
    const blush = 0.12 * (blushQ < 12 ? dExp(-blushQ) : 0) + 0.06 * (noseQ < 12 ? dExp(-noseQ) : 0);
    o.g *= 1 - blush;
    o.b *= 1 - blush;

    // Lips and the open mouth, bounded by a shape that thins toward the corners.
    const my = mouthLineY(L, x);
    const u = x / L.mouthHalfWidth;
    if (u > -1.15 && u < 1.15 && y < my + 0.08 && y > my - L.mouthGap - 0.1) {
      const across = Math.max(0, 1 - u * u);
      const shape = Math.sqrt(across);
      const gapHalf = L.mouthGap * shape;
      const upperEdge = my + L.upperLip * (0.35 + 0.65 * shape) * (1 + 0.35 * smoothstep(0.35, 0, Math.abs(u)));
      const lowerEdge = my - gapHalf - L.lowerLip * (0.3 + 0.7 * shape);
      const inLip = smoothstep(upperEdge + 0.006, upperEdge - 0.006, y) * smoothstep(lowerEdge - 0.006, lowerEdge + 0.006, y) * smoothstep(1.08, 0.9, Math.abs(u));
      blend(o, ctx.lip, inLip);
      if (inLip > 0) o.ks = 0.08;
      if (gapHalf > 0.002) {
        const inGap = smoothstep(my + 0.004, my - 0.002, y) * smoothstep(my - gapHalf - 0.004, my - gapHalf + 0.002, y) * smoothstep(0.95, 0.8, Math.abs(u));
        // Upper teeth show in the top part of the opening, more so with a smile.
        const teeth = smoothstep(my - gapHalf * (0.35 + 0.3 * L.smile) - 0.003, my - gapHalf * (0.35 + 0.3 * L.smile) + 0.003, y) * smoothstep(0.75, 0.45, Math.abs(u));
        blend(o, MOUTH_INTERIOR, inGap);
        blend(o, TEETH, inGap * teeth);
        if (inGap > 0.5) o.ks = 0.02;
      } else {
        // Closed mouth: a thin dark line between the lips.
        const line = smoothstep(0.006, 0.0015, Math.abs(y - my)) * smoothstep(1.02, 0.85, Math.abs(u));
        blend(o, MOUTH_INTERIOR, 0.75 * line);
      }
    }

    // Nostrils: small dark ellipses under the nose tip.
    const nx = (ax - 0.042 * L.noseWidth) / (0.022 * L.noseWidth);
    const ny = (y - (L.noseTipY - 0.032)) / 0.013;
    const nostril = smoothstep(1.1, 0.7, nx * nx + ny * ny);
    scaleBy(o, 0.25, 0.18, 0.18, nostril);

    // Brows.
    const brow = Math.max(browMask(L, -1, x, y), browMask(L, 1, x, y));
    blend(o, ctx.brow, 0.92 * brow);
  }

  // Hair: above the hairline with a soft edge; strands as a gentle brightness modulation.
  const boundary = hairBoundaryY(L, x, alpha);
  const hair = smoothstep(boundary - 0.012, boundary + 0.02, y);
  if (hair > 0) {
    const strands = 0.85 + 0.15 * dSin(70 * x + 7 * dSin(5 * y) + 40 * alpha * 0.1) * dSin(23 * x - 3 * y);
    const h = ctx.hair;
    o.r += (h[0] * strands - o.r) * hair;
    o.g += (h[1] * strands - o.g) * hair;
    o.b += (h[2] * strands - o.b) * hair;
    o.ks = 0.05 + 0.05 * hair;
    o.shininessLog2 = hair > 0.5 ? 3 : 4;
  }
  return o;
}

/** Albedo of an eyeball at unit direction (dx, dy, dz) from its centre (dz = gaze axis). */
export function eyeAlbedo(ctx: AlbedoContext, dx: number, dy: number, dz: number, o: SurfaceSample): SurfaceSample {
  const L = ctx.L;
  // Lid aperture: an almond in the (dx, dy) plane; outside it the eyeball is covered by lid skin.
  const halfW = 0.8;
  const u = dx / halfW;
  const open = L.eyeOpen * Math.max(0, 1 - u * u);
  const upper = open * 1.05 + 0.02;
  const lower = -open * 0.8 - 0.02;
  const inside = dz > 0 && Math.abs(u) < 1 ? smoothstep(upper + 0.04, upper - 0.04, dy) * smoothstep(lower - 0.04, lower + 0.04, dy) : 0;
  const rr = dx * dx + dy * dy;
  o.r = SCLERA[0] * (1 - 0.25 * rr);
  o.g = SCLERA[1] * (1 - 0.3 * rr);
  o.b = SCLERA[2] * (1 - 0.3 * rr);
  // Iris with a darker limbal ring and a radial texture; pupil in the centre.
  const rho = Math.sqrt(rr);
  const irisR = 0.5;
  const iris = smoothstep(irisR + 0.03, irisR - 0.03, rho);
  if (iris > 0) {
    const ring = 1 - 0.55 * smoothstep(irisR * 0.7, irisR, rho);
    const tex = 0.9 + 0.1 * dSin(rho * 60);
    blend(o, [ctx.iris[0] * ring * tex, ctx.iris[1] * ring * tex, ctx.iris[2] * ring * tex], iris);
    blend(o, [0.008, 0.007, 0.007], smoothstep(0.22, 0.17, rho));
  }
  // A wet cornea: tight, strong highlight (the catchlight).
  o.ks = 0.45 * inside;
  o.shininessLog2 = 8;
  if (inside < 1) {
    // Lid skin (a touch darker than the face: it sits in the socket's shadow), lashes along the lid edges.
    const lid = [ctx.skin[0] * 0.8, ctx.skin[1] * 0.74, ctx.skin[2] * 0.74];
    const lash = dy >= 0 ? smoothstep(0.2, 0.0, dy - upper) : smoothstep(0.08, 0.0, lower - dy) * 0.6;
    const lidMix = 1 - inside;
    const lidR = lid[0] + (LASH[0] - lid[0]) * lash;
    const lidG = lid[1] + (LASH[1] - lid[1]) * lash;
    const lidB = lid[2] + (LASH[2] - lid[2]) * lash;
    o.r += (lidR - o.r) * lidMix;
    o.g += (lidG - o.g) * lidMix;
    o.b += (lidB - o.b) * lidMix;
    o.ks = o.ks * inside + 0.04 * lidMix;
    if (lidMix > 0.5) o.shininessLog2 = 4;
  }
  return o;
}

/** Neck: the skin in the jaw's shadow (no shadow rays, so the darkening is baked in). */
export function neckAlbedo(ctx: AlbedoContext, y: number, o: SurfaceSample): SurfaceSample {
  const shade = 0.55 + 0.2 * smoothstep(-0.5, -1.6, y);
  o.r = ctx.skin[0] * shade;
  o.g = ctx.skin[1] * shade;
  o.b = ctx.skin[2] * shade;
  o.ks = 0.03;
  o.shininessLog2 = 4;
  return o;
}

/** Ear: skin, redder (thin, well-perfused tissue) and darker on its inner bowl (local dx < 0 faces the head). */
export function earAlbedo(ctx: AlbedoContext, dx: number, o: SurfaceSample): SurfaceSample {
  const bowl = 0.8 + 0.15 * smoothstep(-0.6, 0.4, dx);
  o.r = ctx.skin[0] * bowl;
  o.g = ctx.skin[1] * bowl * 0.9;
  o.b = ctx.skin[2] * bowl * 0.9;
  o.ks = 0.04;
  o.shininessLog2 = 4;
  return o;
}
