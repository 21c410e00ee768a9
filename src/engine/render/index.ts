/** Public API of the synthetic face renderer (pure TS; runs in the worker and in Node). */
export { ARCFACE_TEMPLATE_112, arcFaceTemplate, type Landmarks5, type Point2 } from './arcFaceTemplate';
export { createRng, mixSeed, type Rng } from './createRng';
export { fitSimilarity, applyAffine, type Affine2 } from './fitSimilarity';
export { generateIdentitySet, identitySeedOf, variationSeedOf, type IdentitySetOptions, type SyntheticFace } from './generateIdentitySet';
export { averageIdentity, identityParamsFromSeed, IDENTITY_SHAPE_RANGES, type FaceShape, type IdentityParams } from './identityParams';
export { renderAlignedFace, meanDistance, type AlignedFace } from './renderAlignedFace';
export { renderFace, type RenderedFace, type RenderOptions } from './renderFace';
export { RenderParamError, type RenderErrorCode } from './RenderParamError';
export { clampVariation } from './clampVariation';
export { lightDirection, NEUTRAL_VARIATION, VARIATION_RANGES, variationParamsFromSeed, type Expression, type Lighting, type VariationParams } from './variationParams';
