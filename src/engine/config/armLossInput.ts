// The three ways a config may name an arm's loss (losses, TRL's loss_type + loss_weights, the old single loss) read
// into one form, and every refusal naming its field and what is allowed.
import { fromLegacy, type ArmLossInput } from '../losses/armLosses';
import { LOSS_INFO } from '../losses/lossTypeInfo';
import type { FDivergence, LossType } from '../losses/lossTypes';
import type { LossKind } from '../losses/types';

/** The arm fields that concern its loss, as the schema has validated them one by one. */
export interface RawArmLoss {
  losses?: { type: LossType; weight?: number }[];
  loss_type?: LossType | LossType[];
  loss_weights?: number[];
  loss?: LossKind;
  beta?: number;
  label_smoothing?: number;
  ld_alpha?: number | null;
  use_weighting?: boolean;
  f_divergence_type?: FDivergence;
  f_alpha_divergence_coef?: number;
  discopop_tau?: number;
  dpop_lambda?: number;
  dpop_kink_gradient?: number;
  simpo_gamma?: number;
  lambda?: number;
  epsilon?: number;
  alpha?: number;
  gamma?: number;
}

export interface ArmLossIssue {
  path: (string | number)[];
  message: string;
}

const LEGACY_KEYS = { lambda: 'dpop_lambda', epsilon: 'label_smoothing', alpha: "an sft term's weight (RPO) or beta (ORPO)", gamma: 'simpo_gamma' } as const;
const NEW_KEYS = ['beta', 'label_smoothing', 'ld_alpha', 'use_weighting', 'f_divergence_type', 'f_alpha_divergence_coef', 'discopop_tau', 'dpop_lambda', 'dpop_kink_gradient', 'simpo_gamma'] as const;

function typesOf(a: RawArmLoss): LossType[] {
  if (a.losses) return a.losses.map((t) => t.type);
  if (a.loss_type !== undefined) return Array.isArray(a.loss_type) ? a.loss_type : [a.loss_type];
  return [];
}

export function armLossIssues(a: RawArmLoss): ArmLossIssue[] {
  const out: ArmLossIssue[] = [];
  const given = (['losses', 'loss_type', 'loss'] as const).filter((k) => a[k] !== undefined);
  if (given.length === 0) out.push({ path: ['losses'], message: 'missing: give losses: [{ "type": "sigmoid", "weight": 1 }, …] (or TRL\'s loss_type)' });
  if (given.length > 1) out.push({ path: [given[1]], message: `give one of losses, loss_type or loss, not ${given.join(' and ')}` });
  if (a.loss_weights !== undefined) {
    if (a.loss_type === undefined) out.push({ path: ['loss_weights'], message: 'loss_weights goes with loss_type (with losses, give each term its weight)' });
    else {
      const types = typesOf(a);
      if (a.loss_weights.length !== types.length)
        out.push({ path: ['loss_weights'], message: `${a.loss_weights.length} weights for ${types.length} loss types (${types.join(', ')}): give one weight per loss type` });
    }
  }
  if (a.loss === undefined) {
    for (const [k, instead] of Object.entries(LEGACY_KEYS))
      if (a[k as keyof typeof LEGACY_KEYS] !== undefined) out.push({ path: [k], message: `${k} belongs to the old form with "loss"; with losses use ${instead}` });
  } else {
    // The old per-loss bounds (tighter than the shared ones).
    for (const p of LOSS_INFO[a.loss].params) {
      const v = a[p.key];
      if (v !== undefined && (v < p.min || v > p.max)) out.push({ path: [p.key], message: `${p.key} for ${a.loss} must be in [${p.min}, ${p.max}]` });
    }
  }
  const types = a.loss === undefined ? typesOf(a) : fromLegacy({ ...a, loss: a.loss }).losses.map((t) => t.type);
  types.forEach((t, i) => {
    if (types.indexOf(t) !== i) out.push({ path: a.losses ? ['losses', i, 'type'] : ['loss_type'], message: `loss type "${t}" appears twice; give it once with the sum of the weights` });
  });
  if (types.includes('exo_pair') && a.label_smoothing === 0)
    out.push({ path: ['label_smoothing'], message: 'exo_pair needs label_smoothing > 0 (TRL refuses 0; the EXO paper recommends 1e-3)' });
  if (a.use_weighting && (types.includes('aot') || types.includes('aot_unpaired')))
    out.push({ path: ['use_weighting'], message: 'use_weighting is not allowed with aot or aot_unpaired: they sort the batch, so per-pair weights would not line up (as TRL refuses)' });
  return out;
}

/** The validated fields as one loss input (the old form mapped, then any TRL-named field given overrides it). */
export function armLossInput(a: RawArmLoss): ArmLossInput {
  const base: ArmLossInput = a.loss
    ? fromLegacy({ ...a, loss: a.loss })
    : a.losses
      ? { losses: a.losses }
      : { losses: typesOf(a).map((type, i) => ({ type, weight: a.loss_weights?.[i] })) };
  const over: Record<string, unknown> = {};
  for (const k of NEW_KEYS) if (a[k] !== undefined && a[k] !== null) over[k] = a[k];
  // In the old form beta is already mapped (ORPO's α became beta); a given beta still wins except for ORPO.
  if (a.loss === 'orpo') delete over.beta;
  return { ...base, ...over } as ArmLossInput;
}
