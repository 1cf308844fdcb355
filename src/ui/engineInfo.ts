// The page's only runtime imports from the engine (config schema, loss table, presets): all tf-free, so tfjs stays in the worker.
export { LOSS_INFO as LOSSES, LOSS_KINDS } from '../engine/losses/info';
export { defaultArmName, isDefaultArmName } from '../engine/losses/armNames';
export type { HyperParamInfo, LossInfo } from '../engine/losses/info';
export { parseConfig, defaultConfig, encodeConfigHash, decodeConfigHash } from '../engine/config';
export type { RunConfig, RunConfigInput, ArmConfig } from '../engine/config';
export { PRESETS, BUILTIN_DATASETS, BUILTIN_MODELS, presetByName } from '../engine/presets';
export { crossingText } from '../engine/train/verdict';
export type { LossKind } from '../engine/losses/types';
