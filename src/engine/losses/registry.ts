// Every loss with its function: the tf-free table from info.ts plus the tfjs implementations.
import type * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossKind, LossParams } from './types';
import { LOSS_INFO, LOSS_KINDS, withDefaults, type HyperParam, type HyperParamInfo, type LossInfo } from './info';
import { dpoLoss } from './dpo';
import { dpopLoss } from './dpop';
import { ipoLoss } from './ipo';
import { cdpoLoss } from './cdpo';
import { slicLoss } from './slic';
import { rpoLoss } from './rpo';
import { simpoLoss } from './simpo';
import { orpoLoss } from './orpo';

export type LossFn = (x: LossInputs, p: LossParams) => tf.Tensor1D;

const FNS: Record<LossKind, LossFn> = { dpo: dpoLoss, dpop: dpopLoss, ipo: ipoLoss, cdpo: cdpoLoss, slic: slicLoss, rpo: rpoLoss, simpo: simpoLoss, orpo: orpoLoss };

export const LOSSES: Record<LossKind, LossInfo & { fn: LossFn }> = Object.fromEntries(
  LOSS_KINDS.map((k) => [k, { ...LOSS_INFO[k], fn: FNS[k] }]),
) as Record<LossKind, LossInfo & { fn: LossFn }>;

/** The per-pair loss function for a kind; callers take the mean. */
export function lossFn(kind: LossKind): LossFn {
  return FNS[kind];
}

export { LOSS_INFO, LOSS_KINDS, withDefaults };
export type { HyperParam, HyperParamInfo, LossInfo };
