/** @file Portable seeded randomness for the engine (see gaussianNoise.ts). */
export { createGaussianGenerator, gaussianNoise, type GaussianGenerator } from './gaussianNoise';
export { portableLog } from './portableLog';
export { nextFloat64, nextUint32, seedXoshiro128, type Xoshiro128State } from './xoshiro128';
