/** @file The Digi2Real engine pipeline: identity → conditioning → denoise → decode over a ModelRunner. */
export { ARCFACE_CROP_SIZE, identityEmbedding, type ArcFacePreprocessing } from './identityEmbedding';
export { meanIdentityFromCrops } from './meanIdentityFromCrops';
export { buildConditioning, type BuildConditioningInput, type Conditioning, type RealismOffset } from './buildConditioning';
export { variationIdVector, variationNoiseSeed, type VariationInput } from './variationIdVector';
export { denoise, type DenoiseOptions, type DenoisePreview, type DenoiseResult, type Img2ImgInput, type NoiseInjection } from './denoise';
export { createLatentNoiseStream, type LatentNoiseStream } from './latentNoiseStream';
export type { LatentOps, LatentStats, SchedulerOps, UnetCall } from './latentOps';
export { createCpuLatentOps } from './createCpuLatentOps';
export { latentPreview, SD_LATENT_RGB, type PreviewImage } from './latentPreview';
export { detectNonFinite, latentProblem } from './detectNonFinite';
export { NonFiniteLatentsError, type NonFiniteKind } from './NonFiniteLatentsError';
export { NonFiniteOutputError, type VaeComponent } from './NonFiniteOutputError';
export { assertFiniteOutput } from './assertFiniteOutput';
export { decodeLatents, decoderSampleToRgba, decoderValueToByte, SD_VAE_SCALE, SD_VAE_SCALING_FACTOR, type DecodedImage } from './decodeLatents';
export { encodeImage, imageToVaeInput } from './encodeImage';
export { assertTensor, COMPONENT_IO, ModelOutputError, numel, pickOutput, type FloatTensor, type ModelComponent, type ModelRunner } from './modelRunner';
export {
  runDigi2Real,
  type Digi2RealJob, type Digi2RealPack, type Digi2RealParams, type Digi2RealParamsRecord, type Digi2RealResult, type Digi2RealTimings, type IdentitySource,
} from './runDigi2Real';
