// Public surface of the preference losses.
export type { LossKind, LossParams, LossInputs } from './types';
export { LOSSES, LOSS_KINDS, lossFn, withDefaults } from './registry';
export { defaultArmName, defaultArmNames, isDefaultArmName, withDefaultArmNames } from './armNames';
export type { LossFn, LossInfo, HyperParam, HyperParamInfo } from './registry';
export { trlMetrics } from './metrics';
export type { TrlMetrics, PairLogps } from './metrics';
export { dpoLoss } from './dpo';
export { dpopLoss } from './dpop';
export { ipoLoss } from './ipo';
export { cdpoLoss } from './cdpo';
export { slicLoss } from './slic';
export { rpoLoss } from './rpo';
export { simpoLoss } from './simpo';
export { orpoLoss, logOdds } from './orpo';
