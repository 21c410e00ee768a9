/** @file The `digiface-augment` baseline: strengths, presets, feeds and the plain-JS reference. */
export { AUGMENT_CONTROLS, AUGMENT_INPUTS, type AugmentControl, type AugmentInput, type AugmentParams } from './augmentControls';
export { AUGMENT_PRESETS, DEFAULT_AUGMENT_PARAMS, NO_AUGMENTATION, type AugmentPresetName } from './augmentPresets';
export { augmentFeeds, augmentNoise, completeAugmentParams, type AugmentFeed, type AugmentImageSize } from './augmentFeeds';
export { DIGIFACE_PAPER_AUGMENTATIONS, sampleDigifaceAugmentParams } from './sampleDigifaceAugmentParams';
