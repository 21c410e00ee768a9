/**
 * Per-identity parameters of the synthetic face (shape, skin, eyes, hair, brows) and their seeded sampler.
 * One identity seed → one IdentityParams, identical on every engine (mulberry32 + deterministic maths).
 */
import { createRng } from './createRng';
import { clampRgb, hexToRgb, mixRgb, samplePalette, type Rgb } from './colour';

/** Face-shape coefficients; 1 (or 0 for offsets) is the average face. Ranges in IDENTITY_SHAPE_RANGES. */
export interface FaceShape {
  /** Head half-width multiplier. */
  width: number;
  /** Front-to-back depth multiplier. */
  depth: number;
  /** How much the lower face narrows toward the chin (0 = no extra taper). */
  jaw: number;
  /** Chin length multiplier (distance eyes → chin). */
  chinLength: number;
  /** Cheekbone fullness (bump amplitude multiplier). */
  cheek: number;
  /** Nose size: width of ridge and wings. */
  noseWidth: number;
  /** Nose length (eye line → tip) multiplier. */
  noseLength: number;
  /** How far the nose sticks out. */
  noseProtrusion: number;
  /** Lip thickness multiplier. */
  lipThickness: number;
  /** Mouth width multiplier. */
  mouthWidth: number;
  /** Distance between the eyes multiplier. */
  eyeSpacing: number;
  /** Eyeball / aperture size multiplier. */
  eyeSize: number;
  /** Brow height above the eyes multiplier. */
  browHeight: number;
  /** Brow-ridge prominence multiplier. */
  browRidge: number;
}

export interface IdentityParams {
  shape: FaceShape;
  /** Skin albedo, sRGB [0,1]. */
  skinTone: Rgb;
  /** Lip albedo, sRGB [0,1]. */
  lipColor: Rgb;
  /** Iris albedo, sRGB [0,1]. */
  eyeColor: Rgb;
  /** Hair albedo, sRGB [0,1]. */
  hairColor: Rgb;
  /** Frontal hairline height in head units above the eye line (larger = higher forehead). */
  hairline: number;
  /** Brow albedo, sRGB [0,1]. */
  browColor: Rgb;
  /** Brow half-thickness in head units. */
  browThickness: number;
  /** Seed for the low-frequency skin and hair texture patterns. */
  textureSeed: number;
}

/**
 * [min, max] of every FaceShape coefficient; sampled values always lie inside. Wide enough that the face
 * stack's identity model tells identities apart (verification AUC measured in src/bench/rendererFigures.ts),
 * while the extremes still read as plausible faces (about the spread of adult faces in proportion tables).
 */
export const IDENTITY_SHAPE_RANGES: Readonly<Record<keyof FaceShape, readonly [number, number]>> = {
  width: [0.84, 1.16],
  depth: [0.88, 1.12],
  jaw: [0, 0.45],
  chinLength: [0.88, 1.12],
  cheek: [0.3, 1.8],
  noseWidth: [0.7, 1.45],
  noseLength: [0.88, 1.12],
  noseProtrusion: [0.7, 1.35],
  lipThickness: [0.6, 1.5],
  mouthWidth: [0.88, 1.12],
  eyeSpacing: [0.92, 1.08],
  eyeSize: [0.8, 1.2],
  browHeight: [0.8, 1.3],
  browRidge: [0.4, 1.7],
};

export const HAIRLINE_RANGE: readonly [number, number] = [0.42, 0.8];
export const BROW_THICKNESS_RANGE: readonly [number, number] = [0.01, 0.03];

/**
 * Skin albedo anchors, light → dark: the ten Monk Skin Tone scale swatches (Google, CC-BY 4.0, published hex
 * values), so sampled tones cover the range of human skin rather than one narrow band.
 */
export const SKIN_TONE_PALETTE: readonly Rgb[] = [
  '#f6ede4', '#f3e7db', '#f7ead0', '#eadaba', '#d7bd96', '#a07e56', '#825c43', '#604134', '#3a312a', '#292420',
].map(hexToRgb);

/** Natural hair colours: black, dark brown, brown, auburn, dark blond, blond, grey. */
export const HAIR_PALETTE: readonly Rgb[] = ['#1a1512', '#2f2119', '#4e3423', '#6e3b22', '#8a6a45', '#b8985f', '#8e8b86'].map(hexToRgb);

/** Iris colours: dark brown, brown, hazel, green, blue, grey. */
export const EYE_PALETTE: readonly Rgb[] = ['#2b1a0f', '#4a2c17', '#6b5a2b', '#4f6a3a', '#3f6f9a', '#6f7c86'].map(hexToRgb);

/**
 * Uniform in [min, max]. Not a bell-shaped density: one favouring the average face made identities look
 * alike to the identity model (AUC 0.87 with a triangular density and narrower ranges).
 */
function uniformIn(next: () => number, [min, max]: readonly [number, number]): number {
  return min + next() * (max - min);
}

/** Samples the identity for `seed`. Same seed → same params (bit-identical) on every JS engine. */
export function identityParamsFromSeed(seed: number): IdentityParams {
  const rng = createRng(seed);
  const shape = {} as FaceShape;
  for (const key of Object.keys(IDENTITY_SHAPE_RANGES) as (keyof FaceShape)[]) {
    shape[key] = uniformIn(rng.next, IDENTITY_SHAPE_RANGES[key]);
  }
  // Skin: uniform position on the tone scale, then a small redness/yellowness jitter around it.
  const base = samplePalette(SKIN_TONE_PALETTE, rng.next());
  const redness = rng.uniform(-0.03, 0.04);
  const skinTone = clampRgb([base[0] + redness, base[1], base[2] - redness * 0.5]);
  // Lips: the skin pulled toward a muted red and darkened a little; darker skin keeps darker lips.
  const lipColor = clampRgb(mixRgb(skinTone, [skinTone[0] * 0.78, skinTone[1] * 0.42, skinTone[2] * 0.45], rng.uniform(0.6, 0.9)));
  // Darker skin tones make light hair and eyes rarer, as in most populations.
  const darkness = 1 - (skinTone[0] + skinTone[1] + skinTone[2]) / 3;
  const hairT = rng.next() * (1 - 0.7 * darkness);
  const greyHair = rng.chance(0.08);
  const hairColor = greyHair ? HAIR_PALETTE[HAIR_PALETTE.length - 1] : clampRgb(samplePalette(HAIR_PALETTE.slice(0, -1), hairT));
  const eyeColor = clampRgb(samplePalette(EYE_PALETTE, rng.next() * (1 - 0.75 * darkness)));
  const browColor = clampRgb(mixRgb(greyHair ? HAIR_PALETTE[1] : hairColor, [0.05, 0.04, 0.03], rng.uniform(0.15, 0.45)));
  return {
    shape,
    skinTone,
    lipColor,
    eyeColor,
    hairColor,
    hairline: rng.uniform(HAIRLINE_RANGE[0], HAIRLINE_RANGE[1]),
    browColor,
    browThickness: rng.uniform(BROW_THICKNESS_RANGE[0], BROW_THICKNESS_RANGE[1]),
    textureSeed: Math.floor(rng.next() * 4294967296),
  };
}

/** The average identity: every shape coefficient at its midpoint, a mid skin tone. Handy for tests and demos. */
export function averageIdentity(): IdentityParams {
  const shape = {} as FaceShape;
  for (const key of Object.keys(IDENTITY_SHAPE_RANGES) as (keyof FaceShape)[]) {
    const [a, b] = IDENTITY_SHAPE_RANGES[key];
    shape[key] = (a + b) / 2;
  }
  const skinTone = samplePalette(SKIN_TONE_PALETTE, 0.4);
  return {
    shape,
    skinTone,
    lipColor: [skinTone[0] * 0.85, skinTone[1] * 0.6, skinTone[2] * 0.6],
    eyeColor: EYE_PALETTE[1],
    hairColor: HAIR_PALETTE[1],
    hairline: (HAIRLINE_RANGE[0] + HAIRLINE_RANGE[1]) / 2,
    browColor: HAIR_PALETTE[0],
    browThickness: (BROW_THICKNESS_RANGE[0] + BROW_THICKNESS_RANGE[1]) / 2,
    textureSeed: 1,
  };
}
