/**
 * Per-image parameters (pose, expression, light, background, camera) and their seeded sampler.
 * Ranges are modest — a frontal-hemisphere subset of DigiFace's poses — because Arc2Face is trained on
 * near-frontal faces and the aligned crops must keep all five landmarks meaningful.
 */
import { createRng } from './createRng';
import { clampRgb, type Rgb } from './colour';
import { dCos, dSin, degToRad } from './deterministicMath';

export interface Expression {
  /** 0 = neutral, 1 = broad smile (corners up and out, cheeks raised). */
  smile: number;
  /** 0 = closed, 1 = open (jaw drop, visible mouth interior). */
  mouthOpen: number;
  /** 0 = open eyes, 1 = closed lids. */
  eyesClosed: number;
}

export interface Lighting {
  /** Unit vector toward the light, in camera space (x right, y up, z toward the viewer). */
  direction: readonly [number, number, number];
  /** Light colour × intensity, linear. */
  color: Rgb;
  /** Ambient light level (linear, multiplies albedo), 0..1. */
  ambient: number;
}

export interface VariationParams {
  /** Degrees; positive turns the face toward the image's right. */
  yaw: number;
  /** Degrees; positive tilts the face up. */
  pitch: number;
  /** Degrees; positive rotates the face counter-clockwise in the image. */
  roll: number;
  expression: Expression;
  light: Lighting;
  /** Background colour, sRGB [0,1]. */
  background: Rgb;
  /** Camera distance from the head centre in head units (head half-height ≈ 1.1). */
  cameraDistance: number;
}

/** [min, max] of every scalar VariationParams field; sampled values always lie inside. */
export const VARIATION_RANGES = {
  yaw: [-25, 25],
  pitch: [-12, 12],
  roll: [-10, 10],
  smile: [0, 1],
  mouthOpen: [0, 1],
  eyesClosed: [0, 1],
  ambient: [0.18, 0.45],
  lightAzimuth: [-60, 60],
  lightElevation: [-10, 55],
  cameraDistance: [5, 9],
} as const satisfies Record<string, readonly [number, number]>;

/** Frontal, neutral, softly lit from the upper left: the default for explicit renders and tests. */
export const NEUTRAL_VARIATION: VariationParams = {
  yaw: 0,
  pitch: 0,
  roll: 0,
  expression: { smile: 0, mouthOpen: 0, eyesClosed: 0 },
  light: { direction: lightDirection(-25, 30), color: [1, 1, 1], ambient: 0.32 },
  background: [0.55, 0.6, 0.66],
  cameraDistance: 6.5,
};

/** Unit vector toward a light at `azimuthDeg` (positive = image right) and `elevationDeg` (positive = up). */
export function lightDirection(azimuthDeg: number, elevationDeg: number): [number, number, number] {
  const az = degToRad(azimuthDeg);
  const el = degToRad(elevationDeg);
  return [dSin(az) * dCos(el), dSin(el), dCos(az) * dCos(el)];
}

/** Normal with standard deviation `sd`, resampled until it falls in [min, max] (a truncated normal). */
function truncatedNormal(rng: ReturnType<typeof createRng>, sd: number, [min, max]: readonly [number, number]): number {
  for (let i = 0; i < 32; i++) {
    const v = rng.normal() * sd;
    if (v >= min && v <= max) return v;
  }
  return 0;
}

/**
 * Samples one image's variation. Poses follow truncated normals like DigiFace's camera (σ = 10° yaw,
 * 5° pitch, 4° roll here); most expressions stay near neutral, a minority smile, open the mouth or blink.
 */
export function variationParamsFromSeed(seed: number): VariationParams {
  const rng = createRng(seed);
  const r = VARIATION_RANGES;
  const yaw = truncatedNormal(rng, 10, r.yaw);
  const pitch = truncatedNormal(rng, 5, r.pitch);
  const roll = truncatedNormal(rng, 4, r.roll);
  const smile = rng.chance(0.4) ? rng.uniform(0.2, 1) : 0;
  const mouthOpen = rng.chance(0.25) ? rng.uniform(0.15, 1) : 0;
  const eyesClosed = rng.chance(0.08) ? rng.uniform(0.6, 1) : rng.uniform(0, 0.15);
  const direction = lightDirection(rng.uniform(...r.lightAzimuth), rng.uniform(...r.lightElevation));
  const warmth = rng.uniform(-0.08, 0.08);
  const intensity = rng.uniform(0.85, 1.15);
  const color: Rgb = [intensity * (1 + warmth), intensity, intensity * (1 - warmth)];
  const ambient = rng.uniform(...r.ambient);
  // Muted backgrounds of any hue, like studio backdrops and blurred rooms.
  const grey = rng.uniform(0.2, 0.85);
  const tint = rng.uniform(0, 0.15);
  const background = clampRgb([grey + tint * (rng.next() - 0.5), grey + tint * (rng.next() - 0.5), grey + tint * (rng.next() - 0.5)]);
  return {
    yaw,
    pitch,
    roll,
    expression: { smile, mouthOpen, eyesClosed },
    light: { direction, color, ambient },
    background,
    cameraDistance: rng.uniform(...r.cameraDistance),
  };
}
