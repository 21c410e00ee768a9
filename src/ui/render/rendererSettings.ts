/**
 * The renderer panel's settings as a pure reducer: seeds, hand-set identity and variation fields (absent =
 * from the seed), crop size and batch size; and the worker requests built from them.
 */
import type { GenerateRenderedRequest } from '../../state/actions/renderActions';
import type { RenderIdentityOverrides, RenderPathSetting, RenderShapeKey, RenderSpec, RenderVariationFields, RenderVariationOverrides } from '../../worker/protocol';
import { BATCH_LIMITS, type RenderSizeOption } from './rendererControls';

export interface RendererSettings {
  identitySeed: number;
  identity: RenderIdentityOverrides;
  variationSeed: number;
  /** Start from the neutral frontal variation instead of the seeded one. */
  neutral: boolean;
  variation: RenderVariationOverrides;
  size: RenderSizeOption;
  identities: number;
  variations: number;
  /** 'auto' draws on WebGPU when the worker has it; 'cpu' forces the CPU rasteriser (previews and batches). */
  renderPath: RenderPathSetting;
}

export type IdentityScalarKey = 'skinTone' | 'eyeColor' | 'hairColor';

export type RendererAction =
  | { type: 'identitySeed'; value: number }
  | { type: 'variationSeed'; value: number }
  | { type: 'neutral'; value: boolean }
  | { type: 'identityField'; key: IdentityScalarKey; value: number | undefined }
  | { type: 'shape'; key: RenderShapeKey; value: number | undefined }
  | { type: 'variationField'; key: keyof RenderVariationFields; value: number | string | undefined }
  | { type: 'size'; value: RenderSizeOption }
  | { type: 'batch'; identities?: number; variations?: number }
  | { type: 'renderPath'; value: RenderPathSetting }
  | { type: 'clearHandSet' };

export const DEFAULT_RENDERER_SETTINGS: RendererSettings = {
  identitySeed: 1,
  identity: {},
  variationSeed: 1,
  neutral: false,
  variation: {},
  size: 112,
  identities: 3,
  variations: 2,
  renderPath: 'auto',
};

const MAX_SEED = 0xffffffff;

/** A seed typed by the user: an integer in 0..2^32−1, or null. */
export function parseSeed(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n <= MAX_SEED ? n : null;
}

const clampInt = (v: number, max: number) => Math.min(max, Math.max(1, Math.floor(Number.isFinite(v) ? v : 1)));

/** Copy of `o` without `key` when `value` is undefined, else with it set. */
function withField<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | undefined): T {
  const next = { ...o };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

export function rendererReducer(s: RendererSettings, a: RendererAction): RendererSettings {
  switch (a.type) {
    case 'identitySeed':
      return { ...s, identitySeed: a.value >>> 0 };
    case 'variationSeed':
      return { ...s, variationSeed: a.value >>> 0, neutral: false };
    case 'neutral':
      return { ...s, neutral: a.value };
    case 'identityField':
      return { ...s, identity: withField(s.identity, a.key, a.value) };
    case 'shape': {
      const shape = withField(s.identity.shape ?? {}, a.key, a.value);
      const identity = withField(s.identity, 'shape', Object.keys(shape).length ? shape : undefined);
      return { ...s, identity };
    }
    case 'variationField':
      return { ...s, variation: withField(s.variation, a.key, a.value as never) };
    case 'size':
      return { ...s, size: a.value };
    case 'batch': {
      const identities = a.identities === undefined ? s.identities : clampInt(a.identities, BATCH_LIMITS.identities);
      const variations = a.variations === undefined ? s.variations : clampInt(a.variations, BATCH_LIMITS.variations);
      return { ...s, identities, variations };
    }
    case 'renderPath':
      return { ...s, renderPath: a.value };
    case 'clearHandSet':
      return { ...s, identity: {}, variation: {} };
  }
}

/** How many fields are set by hand (they apply to every image of a batch). */
export function handSetCount(s: RendererSettings): number {
  const { shape, ...rest } = s.identity;
  return Object.keys(rest).length + Object.keys(shape ?? {}).length + Object.keys(s.variation).length;
}

/** The preview request for the current settings. */
export function toRenderSpec(s: RendererSettings): RenderSpec {
  return { identitySeed: s.identitySeed, identity: s.identity, variationSeed: s.neutral ? null : s.variationSeed, variation: s.variation, size: s.size, renderPath: s.renderPath };
}

/** The batch request: identity 0 is the previewed identity; variations come from derived seeds. */
export function toBatchRequest(s: RendererSettings): GenerateRenderedRequest {
  return { identities: s.identities, variations: s.variations, identitySeedBase: s.identitySeed, size: s.size, identity: s.identity, variation: s.variation, renderPath: s.renderPath };
}

/** True when the batch is within the panel's limits. */
export function batchFits(s: RendererSettings): boolean {
  return s.identities * s.variations <= BATCH_LIMITS.images;
}

/** A canonical key for a spec (object key order does not matter), used to tell which preview is current. */
export function specKey(spec: RenderSpec): string {
  const canon = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(canon(spec));
}
