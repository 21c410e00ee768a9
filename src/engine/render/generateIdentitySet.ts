/**
 * Generates a DigiFace-layout set of aligned synthetic faces: identities '0'…'N−1', each with images
 * 0…M−1 (`<identity>/<n>.png` when written out), in that order. Seeds are derived, so any single image can
 * be regenerated from (identitySeedBase, identity index, image index) alone.
 */
import { throwIfAborted } from '../progress/abort';
import type { ProgressSink } from '../progress/progress';
import type { Landmarks5 } from './arcFaceTemplate';
import { mixSeed } from './createRng';
import { identityParamsFromSeed, type IdentityParams } from './identityParams';
import { renderAlignedFace } from './renderAlignedFace';
import { RenderParamError } from './RenderParamError';
import { variationParamsFromSeed, type VariationParams } from './variationParams';

export interface IdentitySetOptions {
  identities: number;
  /** Images per identity. */
  variations: number;
  /** Base seed; identity i uses mixSeed(identitySeedBase, i). */
  identitySeedBase: number;
  /** Crop size in pixels (112 like DigiFace, or 512). Default 112. */
  size?: number;
  /** Samples per pixel along each axis, default 2. */
  supersample?: number;
  /** Receives { phase: 'render', done, total } after every image. */
  onProgress?: ProgressSink;
  /** Job id put into progress reports. Default 'render'. */
  jobId?: string;
  /** Checked before every image; iteration then throws AbortError. */
  signal?: AbortSignal;
}

export interface SyntheticFace {
  /** Identity folder name: '0', '1', … */
  identity: string;
  /** Image index inside the identity folder (file `<index>.png`). */
  index: number;
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** Landmarks in crop pixels (ArcFace order). */
  landmarks5: Landmarks5;
  params: { identitySeed: number; variationSeed: number; identity: IdentityParams; variation: VariationParams };
}

/** Seed of identity `i` in a set. */
export function identitySeedOf(identitySeedBase: number, i: number): number {
  return mixSeed(identitySeedBase, i);
}

/** Seed of image `n` of an identity. */
export function variationSeedOf(identitySeed: number, n: number): number {
  return mixSeed(identitySeed ^ 0x5bd1e995, n);
}

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 1_000_000) {
    throw new RenderParamError('render/invalid-count', `${name} must be an integer in 0..1000000, got ${v}`);
  }
}

/**
 * Lazily renders the set, identity-major (DigiFace folder order). A generator, so a worker can stream
 * images out (and yield to its event loop) between renders; collect with Array.from for small sets.
 */
export function* generateIdentitySet(options: IdentitySetOptions): Generator<SyntheticFace, void, undefined> {
  const { identities, variations, identitySeedBase, size = 112, supersample = 2, onProgress, signal } = options;
  checkCount('identities', identities);
  checkCount('variations', variations);
  if (!Number.isInteger(identitySeedBase)) {
    throw new RenderParamError('render/invalid-param', `identitySeedBase must be an integer, got ${identitySeedBase}`);
  }
  const total = identities * variations;
  let done = 0;
  for (let i = 0; i < identities; i++) {
    const identitySeed = identitySeedOf(identitySeedBase, i);
    const identity = identityParamsFromSeed(identitySeed);
    for (let n = 0; n < variations; n++) {
      throwIfAborted(signal);
      const variationSeed = variationSeedOf(identitySeed, n);
      const variation = variationParamsFromSeed(variationSeed);
      const face = renderAlignedFace(identity, variation, size, supersample);
      done++;
      onProgress?.({ jobId: options.jobId ?? 'render', phase: 'render', done, total, etaMs: null, detail: `${i}/${n}.png` });
      yield {
        identity: String(i),
        index: n,
        rgba: face.rgba,
        width: face.width,
        height: face.height,
        landmarks5: face.landmarks5,
        params: { identitySeed, variationSeed, identity, variation },
      };
    }
  }
}
