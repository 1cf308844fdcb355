// Engine tables the page reads through one module (config schema, loss table, presets); all tf-free, so tfjs stays in the worker.
export { LOSS_INFO as LOSSES, LOSS_KINDS } from '../engine/losses/lossTypeInfo';
export { defaultArmName, isDefaultArmName, freeName, isFreeNameOf, legacyBaseName } from '../engine/losses/armNames';
export type { HyperParamInfo, LossInfo } from '../engine/losses/lossTypeInfo';
export { LOSS_TYPES, TRL_LOSS_TYPES, STUDIO_LOSS_TYPES, F_DIVERGENCES } from '../engine/losses/lossTypes';
export type { LossTerm, LossType, FDivergence } from '../engine/losses/lossTypes';
export { TERM_INFO, HYPER_INFO, LD_ALPHA_TOOLTIP, WEIGHTING_TOOLTIP, F_DIVERGENCE_TOOLTIP } from '../engine/losses/lossTypeInfo';
export type { HyperKey } from '../engine/losses/lossTypeInfo';
export { resolveArmLoss, termsName } from '../engine/losses/armLosses';
export { trlDpoConfig } from '../engine/losses/trlNames';
export { parseConfig, defaultConfig, encodeConfigHash, decodeConfigHash } from '../engine/config';
export type { RunConfig, RunConfigInput, ArmConfig } from '../engine/config';
export { PRESETS, BUILTIN_DATASETS, BUILTIN_MODELS, presetByName } from '../engine/presets';
export { crossingText } from '../engine/train/verdict';
export type { LossKind } from '../engine/losses/types';
