// A resolved arm in TRL 1.9's DPOConfig terms: loss_type, loss_weights and the hyperparameters, or which of its terms
// TRL lacks and where they live instead. tf-free; the TRL project export (issue 16) calls trlDpoConfig.
import type { ArmLossSpec, LossType, StudioLossType } from './lossTypes';
import { isTrlLossType } from './lossTypes';

/** DPOConfig fields the studio's arm sets (TRL 1.9 names and meanings; ld_alpha null is TRL's None). */
export interface TrlDpoHyper {
  beta: number;
  label_smoothing: number;
  ld_alpha: number | null;
  use_weighting: boolean;
  f_divergence_type: string;
  f_alpha_divergence_coef: number;
  discopop_tau: number;
}

export interface TrlMissingTerm {
  type: StudioLossType;
  weight: number;
  /** Where a TRL user finds it, in one line. */
  where: string;
}

export interface TrlDpoConfig {
  /** True when every term is a TRL 1.9 DPOTrainer loss type: loss_type/loss_weights/config reproduce the arm. */
  exact: boolean;
  /** TRL loss types of the arm, in order (terms TRL lacks left out). */
  loss_type: string[];
  loss_weights: number[];
  config: TrlDpoHyper;
  /** The studio-only terms, in order. */
  missing: TrlMissingTerm[];
}

const WHERE: Record<StudioLossType, (a: ArmLossSpec) => string> = {
  dpop: (a) => `DPOP is not in TRL (PR #3864 closed unmerged); PaddleNLP: loss_type="dpop", dpop_lambda=${a.dpop_lambda}`,
  cdpo: (a) => `cDPO is TRL < 1.0's loss_type="sigmoid" with label_smoothing=${a.label_smoothing}; TRL 1.9's sigmoid ignores label_smoothing`,
  simpo: (a) => `SimPO is trl.experimental.cpo.CPOTrainer with CPOConfig(loss_type="simpo", beta=${a.beta}, simpo_gamma=${a.simpo_gamma}, cpo_alpha=0)`,
  orpo: (a) => `ORPO is trl.experimental.orpo.ORPOTrainer with ORPOConfig(beta=${a.beta})`,
};

export function trlDpoConfig(a: ArmLossSpec): TrlDpoConfig {
  const loss_type: string[] = [];
  const loss_weights: number[] = [];
  const missing: TrlMissingTerm[] = [];
  for (const t of a.losses) {
    if (isTrlLossType(t.type)) {
      loss_type.push(t.type);
      loss_weights.push(t.weight);
    } else missing.push({ type: t.type as StudioLossType, weight: t.weight, where: WHERE[t.type as StudioLossType](a) });
  }
  return {
    exact: missing.length === 0,
    loss_type,
    loss_weights,
    config: {
      beta: a.beta,
      label_smoothing: a.label_smoothing,
      ld_alpha: a.ld_alpha ?? null,
      use_weighting: a.use_weighting,
      f_divergence_type: a.f_divergence_type,
      f_alpha_divergence_coef: a.f_alpha_divergence_coef,
      discopop_tau: a.discopop_tau,
    },
    missing,
  };
}

/** Terms of the arm TRL 1.9's DPOTrainer lacks (empty: the arm is a DPOConfig). */
export function trlMissingTypes(a: Pick<ArmLossSpec, 'losses'>): LossType[] {
  return a.losses.filter((t) => !isTrlLossType(t.type)).map((t) => t.type);
}
