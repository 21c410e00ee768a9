/**
 * What the renderer panel offers: slider specs for identity shape, pose, expression, light and camera, and
 * the names of the renderer's iris and hair palettes. Ranges come from the engine's own tables where it has
 * them, so a slider never asks for what the renderer would clamp away.
 */
import { IDENTITY_SHAPE_RANGES } from '../../engine/render/identityParams';
import { VARIATION_RANGES } from '../../engine/render/variationParams';
import type { RenderShapeKey, RenderVariationFields } from '../../worker/protocol';

export interface SliderSpec<K extends string> {
  key: K;
  label: string;
  min: number;
  max: number;
  step: number;
  /** Shown after the number, e.g. '°'. */
  unit?: string;
  help?: string;
}

/** Numeric variation fields (the background is a colour, not a slider). */
export type VariationSliderKey = Exclude<keyof RenderVariationFields, 'background'>;

const shape = (key: RenderShapeKey, label: string, help?: string): SliderSpec<RenderShapeKey> => ({
  key,
  label,
  min: IDENTITY_SHAPE_RANGES[key][0],
  max: IDENTITY_SHAPE_RANGES[key][1],
  step: 0.01,
  help,
});

export const SHAPE_SLIDERS: readonly SliderSpec<RenderShapeKey>[] = [
  shape('width', 'Face width'),
  shape('jaw', 'Jaw taper', 'How much the lower face narrows toward the chin'),
  shape('chinLength', 'Chin length'),
  shape('cheek', 'Cheekbones'),
  shape('noseWidth', 'Nose size'),
  shape('noseLength', 'Nose length'),
  shape('eyeSize', 'Eye size'),
  shape('lipThickness', 'Lips'),
];

const r = VARIATION_RANGES;

export const POSE_SLIDERS: readonly SliderSpec<VariationSliderKey>[] = [
  { key: 'yaw', label: 'Yaw', min: r.yaw[0], max: r.yaw[1], step: 0.5, unit: '°', help: 'Positive turns the face toward the image right' },
  { key: 'pitch', label: 'Pitch', min: r.pitch[0], max: r.pitch[1], step: 0.5, unit: '°', help: 'Positive tilts the face up' },
  { key: 'roll', label: 'Roll', min: r.roll[0], max: r.roll[1], step: 0.5, unit: '°' },
  { key: 'smile', label: 'Smile', min: r.smile[0], max: r.smile[1], step: 0.01 },
  { key: 'mouthOpen', label: 'Mouth open', min: r.mouthOpen[0], max: r.mouthOpen[1], step: 0.01 },
  { key: 'eyesClosed', label: 'Eyes closed', min: r.eyesClosed[0], max: r.eyesClosed[1], step: 0.01 },
];

/**
 * Light and camera. Wider than what seeds produce (the worker's EXPLICIT_LIGHT_RANGES and the engine's
 * clampVariation bound them): ambient 0.18–0.45 and distance 5–9 are the sampler's ranges, not limits.
 */
export const LIGHT_SLIDERS: readonly SliderSpec<VariationSliderKey>[] = [
  { key: 'lightAzimuth', label: 'Light from side', min: -90, max: 90, step: 1, unit: '°', help: 'Positive = light from the image right' },
  { key: 'lightElevation', label: 'Light height', min: -60, max: 80, step: 1, unit: '°', help: 'Positive = light from above' },
  { key: 'lightWarmth', label: 'Light warmth', min: -0.3, max: 0.3, step: 0.01, help: 'Negative is bluish, positive is warm' },
  { key: 'lightIntensity', label: 'Light intensity', min: 0.2, max: 1.8, step: 0.01 },
  { key: 'ambient', label: 'Ambient light', min: 0, max: 0.8, step: 0.01 },
  { key: 'cameraDistance', label: 'Camera distance', min: 4, max: 12, step: 0.1, help: 'Head units; closer cameras show more perspective' },
];

/** Names of engine/render/identityParams.ts EYE_PALETTE, in order. */
export const EYE_COLOUR_NAMES = ['Dark brown', 'Brown', 'Hazel', 'Green', 'Blue', 'Grey'] as const;
/** Names of engine/render/identityParams.ts HAIR_PALETTE, in order. */
export const HAIR_COLOUR_NAMES = ['Black', 'Dark brown', 'Brown', 'Auburn', 'Dark blond', 'Blond', 'Grey'] as const;

/** The crop sizes the worker renders (worker/render/checkRenderSize.ts). */
export const RENDER_SIZE_OPTIONS = [112, 512] as const;
export type RenderSizeOption = (typeof RENDER_SIZE_OPTIONS)[number];

/** Batch limits of the panel; the worker allows at most MAX_BATCH_IMAGES images in one batch. */
export const BATCH_LIMITS = { identities: 1000, variations: 100, images: 20_000 } as const;
