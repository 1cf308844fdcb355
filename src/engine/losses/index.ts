// Public surface of the preference losses.
export type { LossKind, LossParams, LossInputs } from './types';
export { armBaseName, defaultArmName, defaultArmNames, freeName, isDefaultArmName, isFreeNameOf, withDefaultArmNames } from './armNames';
export { trlMetrics } from './metrics';
export type { TrlMetrics, PairLogps } from './metrics';
export { armLoss, asArmLoss, termValues, weightedSum, TERM_FNS } from './combine';
export type { ArmLossFn, ArmLossInputs } from './combine';
export { armLossSpec, fromLegacy, needsReference, resolveArmLoss, termsName } from './armLosses';
export { trlDpoConfig, trlMissingTypes } from './trlNames';
export type { TrlDpoConfig, TrlDpoHyper, TrlMissingTerm } from './trlNames';
export * from './lossTypes';
export { TERM_INFO, HYPER_INFO, HYPER_KEYS, LOSS_INFO, LOSS_KINDS } from './lossTypeInfo';
export type { TermInfo, HyperInfo, HyperKey, LossInfo, HyperParam, HyperParamInfo } from './lossTypeInfo';
