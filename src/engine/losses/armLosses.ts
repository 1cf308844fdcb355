// An arm's loss in TRL's words: the legacy single `loss` mapped onto `losses`, and every hyperparameter resolved to
// its default. tf-free: the config schema calls it after validation.
import type { LossKind } from './types';
import { HYPER_INFO, TERM_INFO } from './lossTypeInfo';
import type { ArmLossSpec, FDivergence, LossTerm, LossType } from './lossTypes';

/** The pre-TRL-names arm fields (still read from old configs and URL hashes). */
export interface LegacyLossFields {
  loss: LossKind;
  beta?: number;
  lambda?: number;
  epsilon?: number;
  alpha?: number;
  gamma?: number;
}

export type ArmLossInput = Partial<Omit<ArmLossSpec, 'losses'>> & { losses: { type: LossType; weight?: number }[] };

/**
 * Old `loss` onto the new form, with the old defaults (SimPO β 2, cDPO ε 0.1, RPO α 1, ORPO α 0.1). RPO becomes
 * TRL's ["sigmoid", "sft"] with loss_weights [1, rpo_alpha], which is how TRL 1.x replaced rpo_alpha.
 */
export function fromLegacy(a: LegacyLossFields): ArmLossInput {
  const beta = a.beta;
  switch (a.loss) {
    case 'dpo':
      return { losses: [{ type: 'sigmoid' }], beta };
    case 'slic':
      return { losses: [{ type: 'hinge' }], beta };
    case 'ipo':
      return { losses: [{ type: 'ipo' }], beta };
    case 'dpop':
      return { losses: [{ type: 'dpop' }], beta, dpop_lambda: a.lambda };
    case 'cdpo':
      return { losses: [{ type: 'cdpo' }], beta, label_smoothing: a.epsilon ?? 0.1 };
    case 'rpo':
      return { losses: [{ type: 'sigmoid' }, { type: 'sft', weight: a.alpha ?? 1 }], beta };
    case 'simpo':
      return { losses: [{ type: 'simpo' }], beta: beta ?? 2, simpo_gamma: a.gamma };
    case 'orpo':
      // The studio's α was the odds-ratio weight, which ORPOConfig calls beta; the old β was unused.
      return { losses: [{ type: 'orpo' }], beta: a.alpha ?? 0.1 };
  }
}

/** Label smoothing when none is given: TRL's 0, but cDPO's usual 0.1 and EXO's 1e-3 (TRL refuses 0 for exo_pair). */
function defaultSmoothing(types: LossType[]): number {
  if (types.includes('cdpo')) return 0.1;
  if (types.includes('exo_pair')) return 1e-3;
  return HYPER_INFO.label_smoothing.default;
}

/** Every field filled: weights default to 1 (TRL's loss_weights=None), β to 2 for a SimPO-first arm. */
export function resolveArmLoss(a: ArmLossInput): ArmLossSpec {
  const losses: LossTerm[] = a.losses.map((t) => ({ type: t.type, weight: t.weight ?? 1 }));
  const types = losses.map((t) => t.type);
  const d = (k: keyof typeof HYPER_INFO, v: number | undefined) => v ?? HYPER_INFO[k].default;
  const out: ArmLossSpec = {
    losses,
    beta: a.beta ?? (types[0] === 'simpo' ? 2 : HYPER_INFO.beta.default),
    label_smoothing: a.label_smoothing ?? defaultSmoothing(types),
    use_weighting: a.use_weighting ?? false,
    f_divergence_type: (a.f_divergence_type ?? 'reverse_kl') as FDivergence,
    f_alpha_divergence_coef: d('f_alpha_divergence_coef', a.f_alpha_divergence_coef),
    discopop_tau: d('discopop_tau', a.discopop_tau),
    dpop_lambda: d('dpop_lambda', a.dpop_lambda),
    dpop_kink_gradient: d('dpop_kink_gradient', a.dpop_kink_gradient),
    simpo_gamma: d('simpo_gamma', a.simpo_gamma),
  };
  if (a.ld_alpha !== undefined && a.ld_alpha !== null) out.ld_alpha = a.ld_alpha;
  return out;
}

/** Whether any term reads the frozen reference (false for sft/simpo/orpo-only arms). */
export function needsReference(losses: readonly LossTerm[]): boolean {
  return losses.some((t) => TERM_INFO[t.type].needsReference);
}

/** Default arm name from its terms: "sigmoid", "DPOP", "sigmoid+sft". */
export function termsName(losses: readonly { type: LossType }[]): string {
  return losses.map((t) => TERM_INFO[t.type].shortName).join('+');
}

/** The loss part of a parsed arm config (the fields ArmLossSpec names; colour, adapter and name left out). */
export function armLossSpec(a: ArmLossSpec): ArmLossSpec {
  const { losses, beta, label_smoothing, ld_alpha, use_weighting, f_divergence_type, f_alpha_divergence_coef, discopop_tau, dpop_lambda, dpop_kink_gradient, simpo_gamma } = a;
  return { losses, beta, label_smoothing, ...(ld_alpha !== undefined ? { ld_alpha } : {}), use_weighting, f_divergence_type, f_alpha_divergence_coef, discopop_tau, dpop_lambda, dpop_kink_gradient, simpo_gamma };
}
