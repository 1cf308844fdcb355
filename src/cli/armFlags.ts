// --arms and the loss flags: the old loss names (dpo, dpop, …) or TRL loss types joined by `+` with --loss-weights,
// and TRL's hyperparameters (--label-smoothing, --ld-alpha, …) set on every arm. The schema checks the values.
import { StudioError } from '../engine/errors';
import { LOSS_KINDS, LOSS_TYPES, isLossType, freeName, armBaseName } from '../engine/losses';
import type { LossKind } from '../engine/losses/types';
import type { CliArgs } from './args';
import { num } from './flagNumbers';

export const ARM_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

type Arm = Record<string, unknown>;

/** Arms from --arms: "dpo" stays the old form (named DPO), "sigmoid" or "sigmoid+sft" is the TRL form. */
export function armsFromFlag(arms: string, weights: string | undefined): Arm[] {
  const items = arms.split(',').map((s) => s.trim().toLowerCase());
  const w = weights?.split(',').map((s) => num('loss-weights', s.trim())!);
  let used = 0;
  const out: Arm[] = items.map((item) => {
    const types = item.split('+').map((s) => s.trim());
    if (types.length === 1 && LOSS_KINDS.includes(types[0] as LossKind)) return { loss: types[0] };
    for (const t of types)
      if (!isLossType(t)) throw new StudioError(`--arms: unknown loss "${t}" (TRL loss types: ${LOSS_TYPES.join(', ')}; old names: ${LOSS_KINDS.join(', ')})`, { field: 'arms' });
    const combo = types.length > 1;
    const losses = types.map((type) => ({ type, weight: combo && w ? (w[used++] ?? NaN) : 1 }));
    return { losses };
  });
  if (w) {
    const need = out.map((a) => (a.losses as unknown[] | undefined)?.length ?? 0).filter((n) => n > 1).reduce((x, y) => x + y, 0);
    if (need === 0) throw new StudioError('--loss-weights: needs an --arms entry joined with + (e.g. sigmoid+sft)', { field: 'loss-weights' });
    if (w.length !== need)
      throw new StudioError(`--loss-weights: ${w.length} weights for ${need} terms of the + arms (${items.filter((i) => i.includes('+')).join(', ')}); give one weight per term, in order`, { field: 'loss-weights' });
  }
  const taken: string[] = [];
  return out.map((a, i) => {
    const name = freeName(armBaseName(a as Parameters<typeof armBaseName>[0]), taken);
    taken.push(name);
    return { name, ...a, color: ARM_COLORS[i % ARM_COLORS.length] };
  });
}

/** The loss flags given, as arm fields (TRL names); --lambda sets the old lambda or dpop_lambda by the arm's form. */
export function lossFlagsOnto(arm: Arm, a: CliArgs): Arm {
  const out: Arm = { ...arm };
  const put = (k: string, v: unknown) => v !== undefined && (out[k] = v);
  put('beta', num('beta', a.beta));
  put('label_smoothing', num('label-smoothing', a.labelSmoothing));
  put('ld_alpha', num('ld-alpha', a.ldAlpha));
  if (a.useWeighting) out.use_weighting = true;
  put('f_divergence_type', a.fDivergenceType);
  put('f_alpha_divergence_coef', num('f-alpha-divergence-coef', a.fAlphaDivergenceCoef));
  put('discopop_tau', num('discopop-tau', a.discopopTau));
  put('simpo_gamma', num('simpo-gamma', a.simpoGamma));
  const lambda = num('lambda', a.lambda);
  if (lambda !== undefined) {
    if (arm.loss === 'dpop') out.lambda = lambda;
    else if ((arm.losses as { type: string }[] | undefined)?.some((t) => t.type === 'dpop')) out.dpop_lambda = lambda;
  }
  return out;
}

/** Whether any loss flag is given (then every arm gets them). */
export function hasLossFlags(a: CliArgs): boolean {
  return [a.beta, a.lambda, a.labelSmoothing, a.ldAlpha, a.fDivergenceType, a.fAlphaDivergenceCoef, a.discopopTau, a.simpoGamma].some((v) => v !== undefined) || a.useWeighting;
}
