/**
 * Turns the renderer panel's request (seeds + hand-set fields) into the engine's IdentityParams and
 * VariationParams, and the engine's params back into the flat fields the panel shows. Pure; the engine
 * renderer (engine/render) does the drawing.
 */
import { clampRgb, hexToRgb, mixRgb, samplePalette, type Rgb } from '../../engine/render/colour';
import { dCos, dSin, degToRad } from '../../engine/render/deterministicMath';
import {
  EYE_PALETTE,
  HAIR_PALETTE,
  IDENTITY_SHAPE_RANGES,
  identityParamsFromSeed,
  SKIN_TONE_PALETTE,
  type IdentityParams,
} from '../../engine/render/identityParams';
import { RenderParamError } from '../../engine/render/RenderParamError';
import { lightDirection, NEUTRAL_VARIATION, variationParamsFromSeed, type VariationParams } from '../../engine/render/variationParams';
import type { RenderIdentityFields, RenderIdentityOverrides, RenderShapeKey, RenderVariationFields, RenderVariationOverrides } from '../protocol';

/**
 * What the worker accepts for hand-set variation fields beyond the engine's own clamps (clampVariation
 * covers pose, expression, ambient and camera distance). Wider than the sampler's ranges on purpose: the
 * sliders may go past what seeds produce, but not to values that break shading (negative light, etc.).
 */
export const EXPLICIT_LIGHT_RANGES = {
  lightAzimuth: [-90, 90],
  lightElevation: [-60, 80],
  lightWarmth: [-0.3, 0.3],
  lightIntensity: [0.2, 1.8],
} as const satisfies Record<string, readonly [number, number]>;

/** Largest uint32: seeds are taken modulo 2^32 by the engine's RNG, so the UI works in that range. */
export const MAX_SEED = 0xffffffff;

function fail(message: string): never {
  throw new RenderParamError('render/invalid-param', message);
}

function finite(name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${name} must be a finite number, got ${String(v)}`);
  return v;
}

function clampTo(name: string, v: number, [min, max]: readonly [number, number]): number {
  return Math.min(max, Math.max(min, finite(name, v)));
}

/** Throws unless `v` is an integer seed in 0..2^32−1. */
export function checkSeed(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > MAX_SEED) fail(`${name} must be an integer in 0..${MAX_SEED}, got ${String(v)}`);
  return v;
}

function paletteIndex(name: string, v: number, palette: readonly Rgb[]): number {
  if (!Number.isInteger(v) || v < 0 || v >= palette.length) fail(`${name} must be a palette index in 0..${palette.length - 1}, got ${String(v)}`);
  return v;
}

const dist2 = (a: Rgb, b: Rgb) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;

function nearestIndex(c: Rgb, palette: readonly Rgb[]): number {
  let best = 0;
  for (let i = 1; i < palette.length; i++) if (dist2(c, palette[i]) < dist2(c, palette[best])) best = i;
  return best;
}

/**
 * Where a colour sits on the Monk scale, for display: the sampler jitters redness around the scale, so the
 * seeded tone is generally a little off the polyline; the nearest of 200 scale positions is close enough.
 */
export function skinTonePosition(c: Rgb): number {
  let best = 0;
  let bestD = Infinity;
  for (let k = 0; k <= 200; k++) {
    const d = dist2(c, samplePalette(SKIN_TONE_PALETTE, k / 200));
    if (d < bestD) {
      bestD = d;
      best = k / 200;
    }
  }
  return best;
}

/** The seeded identity with the hand-set fields applied. */
export function applyIdentityOverrides(seeded: IdentityParams, o: RenderIdentityOverrides): IdentityParams {
  const out: IdentityParams = { ...seeded, shape: { ...seeded.shape } };
  for (const [key, value] of Object.entries(o.shape ?? {}) as [RenderShapeKey, number | undefined][]) {
    if (value === undefined) continue;
    const range = IDENTITY_SHAPE_RANGES[key];
    if (!range) fail(`unknown face-shape field "${key}" (known: ${Object.keys(IDENTITY_SHAPE_RANGES).join(', ')})`);
    out.shape[key] = clampTo(`shape.${key}`, value, range);
  }
  if (o.skinTone !== undefined) {
    const skin = samplePalette(SKIN_TONE_PALETTE, clampTo('skinTone', o.skinTone, [0, 1]));
    // The sampler derives lips from skin by a per-channel factor; keep that factor so lips follow the new tone.
    const ratio = (i: number) => seeded.lipColor[i] / Math.max(0.02, seeded.skinTone[i]);
    out.skinTone = skin;
    out.lipColor = clampRgb([skin[0] * ratio(0), skin[1] * ratio(1), skin[2] * ratio(2)]);
  }
  if (o.eyeColor !== undefined) out.eyeColor = EYE_PALETTE[paletteIndex('eyeColor', o.eyeColor, EYE_PALETTE)];
  if (o.hairColor !== undefined) {
    const hair = HAIR_PALETTE[paletteIndex('hairColor', o.hairColor, HAIR_PALETTE)];
    out.hairColor = hair;
    // Brows follow the hair as in the sampler (grey hair keeps dark-brown brows), at its mid darkening amount.
    const browBase = o.hairColor === HAIR_PALETTE.length - 1 ? HAIR_PALETTE[1] : hair;
    out.browColor = clampRgb(mixRgb(browBase, [0.05, 0.04, 0.03], 0.3));
  }
  return out;
}

/** The identity for a seed plus hand-set fields. */
export function resolveIdentity(identitySeed: number, o: RenderIdentityOverrides): IdentityParams {
  return applyIdentityOverrides(identityParamsFromSeed(checkSeed('identitySeed', identitySeed)), o);
}

/** The panel's view of an identity. */
export function identityFields(p: IdentityParams): RenderIdentityFields {
  return {
    skinTone: skinTonePosition(p.skinTone),
    eyeColor: nearestIndex(p.eyeColor, EYE_PALETTE),
    hairColor: nearestIndex(p.hairColor, HAIR_PALETTE),
    shape: { ...p.shape },
  };
}

function parseHex(name: string, v: string): Rgb {
  if (typeof v !== 'string' || !/^#[0-9a-f]{6}$/i.test(v)) fail(`${name} must be a colour like "#8899aa", got ${JSON.stringify(v)}`);
  return hexToRgb(v);
}

export function rgbToHex(c: Rgb): string {
  const h = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, '0');
  return `#${h(c[0])}${h(c[1])}${h(c[2])}`;
}

/**
 * New light direction from hand-set azimuth and/or elevation. Why not asin/atan2 of the old direction:
 * those are not bit-identical across JS engines; keeping the untouched component through exact operations
 * (sqrt, division) plus the engine's deterministic sin/cos keeps renders identical everywhere.
 */
function lightWith(dir: readonly [number, number, number], azimuth?: number, elevation?: number): [number, number, number] {
  if (azimuth !== undefined && elevation !== undefined) return lightDirection(azimuth, elevation);
  const [x, y, z] = dir;
  const h = Math.sqrt(x * x + z * z);
  if (azimuth !== undefined) {
    const a = degToRad(azimuth);
    return [h * dSin(a), y, h * dCos(a)];
  }
  if (elevation !== undefined) {
    const e = degToRad(elevation);
    // A light straight above has no azimuth; fall back to frontal.
    const [ux, uz] = h > 1e-9 ? [x / h, z / h] : [0, 1];
    return [dCos(e) * ux, dSin(e), dCos(e) * uz];
  }
  return [x, y, z];
}

/** A base variation with the hand-set fields applied (the engine clamps pose, expression and camera later). */
export function applyVariationOverrides(base: VariationParams, o: RenderVariationOverrides): VariationParams {
  const r = EXPLICIT_LIGHT_RANGES;
  const num = (name: keyof RenderVariationFields, fallback: number) => {
    const v = o[name];
    return v === undefined ? fallback : finite(name, v as number);
  };
  const azimuth = o.lightAzimuth === undefined ? undefined : clampTo('lightAzimuth', o.lightAzimuth, r.lightAzimuth);
  const elevation = o.lightElevation === undefined ? undefined : clampTo('lightElevation', o.lightElevation, r.lightElevation);
  let color: Rgb = base.light.color;
  if (o.lightWarmth !== undefined || o.lightIntensity !== undefined) {
    const seeded = lightColourFields(base.light.color);
    const w = o.lightWarmth === undefined ? seeded.warmth : clampTo('lightWarmth', o.lightWarmth, r.lightWarmth);
    const i = o.lightIntensity === undefined ? seeded.intensity : clampTo('lightIntensity', o.lightIntensity, r.lightIntensity);
    color = [i * (1 + w), i, i * (1 - w)];
  }
  return {
    yaw: num('yaw', base.yaw),
    pitch: num('pitch', base.pitch),
    roll: num('roll', base.roll),
    expression: {
      smile: num('smile', base.expression.smile),
      mouthOpen: num('mouthOpen', base.expression.mouthOpen),
      eyesClosed: num('eyesClosed', base.expression.eyesClosed),
    },
    light: { direction: lightWith(base.light.direction, azimuth, elevation), color, ambient: num('ambient', base.light.ambient) },
    background: o.background === undefined ? base.background : parseHex('background', o.background),
    cameraDistance: num('cameraDistance', base.cameraDistance),
  };
}

/** The variation for a seed (or the neutral one for null) plus hand-set fields. */
export function resolveVariation(variationSeed: number | null, o: RenderVariationOverrides): VariationParams {
  const base = variationSeed === null ? NEUTRAL_VARIATION : variationParamsFromSeed(checkSeed('variationSeed', variationSeed));
  return applyVariationOverrides(base, o);
}

/** Inverse of the sampler's colour rule (intensity × (1 + w, 1, 1 − w)). */
function lightColourFields(c: Rgb): { warmth: number; intensity: number } {
  const intensity = c[1];
  return { intensity, warmth: intensity > 0 ? c[0] / intensity - 1 : 0 };
}

const radToDeg = (r: number) => (r * 180) / Math.PI;

/** The panel's view of a variation (light angles via atan2/asin: for display only). */
export function variationFields(v: VariationParams): RenderVariationFields {
  const [x, y, z] = v.light.direction;
  const { warmth, intensity } = lightColourFields(v.light.color);
  return {
    yaw: v.yaw,
    pitch: v.pitch,
    roll: v.roll,
    smile: v.expression.smile,
    mouthOpen: v.expression.mouthOpen,
    eyesClosed: v.expression.eyesClosed,
    lightAzimuth: radToDeg(Math.atan2(x, z)),
    lightElevation: radToDeg(Math.asin(Math.max(-1, Math.min(1, y)))),
    lightWarmth: warmth,
    lightIntensity: intensity,
    ambient: v.light.ambient,
    background: rgbToHex(v.background),
    cameraDistance: v.cameraDistance,
  };
}
