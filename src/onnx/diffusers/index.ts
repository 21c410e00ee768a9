/**
 * @file Public API of the diffusers → ONNX graph builders (UNet2DConditionModel, AutoencoderKL
 * encoder/decoder), their weight sources and the fixture-folder parity checks.
 */
export { buildUNet2DConditionGraph, type UNetGraphOptions } from './buildUNet2DConditionGraph';
export { buildVaeDecoderGraph, type VaeGraphOptions } from './buildVaeDecoderGraph';
export { buildVaeEncoderGraph } from './buildVaeEncoderGraph';
export { DiffusersConfigError, type DiffusersConfigErrorCode } from './configError';
export type { AttentionImpl, DiffusersGraphOptions, Precision } from './graphContext';
export {
  checkUNetFixtureFolder, checkVaeFixtureFolder, formatParity, ortWebRunner,
  type CaseParity, type FixtureFolderIO, type FolderParity, type ParityOptions, type ParityRunner, type ParityVariant, type TensorParity,
} from './parity';
export { resolveUNetConfig, type UNetConfig, type UNetPlan } from './unetConfig';
export { resolveVaeConfig, type VaeConfig, type VaePlan } from './vaeConfig';
export { WeightMismatchError, type ExpectedTensor, type ShapeMismatch } from './weightReader';
export { mapWeightSource, safetensorsWeightSource, type WeightSource, type WeightTensor } from './weightSource';
