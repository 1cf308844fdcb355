// TRL 1.9's loss types (trl/trainer/dpo_trainer.py, DPOConfig.loss_type) and the studio's own, with the hyperparameters
// a DPOConfig carries. tf-free: the config schema, the UI and the TRL export read it.

export const TRL_LOSS_TYPES = [
  'sigmoid',
  'hinge',
  'ipo',
  'exo_pair',
  'nca_pair',
  'robust',
  'bco_pair',
  'sppo_hard',
  'aot',
  'aot_unpaired',
  'apo_zero',
  'apo_down',
  'discopop',
  'sft',
  'sigmoid_norm',
] as const;

/** Terms TRL 1.9's DPOTrainer does not have: DPOP (PaddleNLP's name), cDPO (TRL < 1.0's sigmoid + label_smoothing), SimPO, ORPO. */
export const STUDIO_LOSS_TYPES = ['dpop', 'cdpo', 'simpo', 'orpo'] as const;

export const LOSS_TYPES = [...TRL_LOSS_TYPES, ...STUDIO_LOSS_TYPES] as const;

export type TrlLossType = (typeof TRL_LOSS_TYPES)[number];
export type StudioLossType = (typeof STUDIO_LOSS_TYPES)[number];
export type LossType = (typeof LOSS_TYPES)[number];

/** How TRL turns log-ratios into scores before the loss (f-DPO, Wang et al. 2023). */
export const F_DIVERGENCES = ['reverse_kl', 'forward_kl', 'js_divergence', 'alpha_divergence'] as const;
export type FDivergence = (typeof F_DIVERGENCES)[number];

/** One term of an arm's loss: TRL's `loss_type[i]` with `loss_weights[i]`. */
export interface LossTerm {
  type: LossType;
  weight: number;
}

/** The numeric hyperparameters, under TRL's names (dpop_lambda is PaddleNLP's, simpo_gamma TRL CPOConfig's). */
export interface TermHyper {
  beta: number;
  label_smoothing: number;
  discopop_tau: number;
  f_alpha_divergence_coef: number;
  dpop_lambda: number;
  /** d max(0, x)/dx at x = 0 in DPOP's penalty: 0 is relu (the studio's), 1 is clamp(min=0), ½ torch.maximum. */
  dpop_kink_gradient: number;
  simpo_gamma: number;
}

/** Everything that defines an arm's loss, as a DPOConfig would say it. */
export interface ArmLossSpec extends TermHyper {
  losses: LossTerm[];
  /** LD-DPO's α; undefined = off (TRL's None). */
  ld_alpha?: number;
  use_weighting: boolean;
  f_divergence_type: FDivergence;
}

export function isLossType(s: string): s is LossType {
  return (LOSS_TYPES as readonly string[]).includes(s);
}

export function isTrlLossType(s: string): s is TrlLossType {
  return (TRL_LOSS_TYPES as readonly string[]).includes(s);
}
