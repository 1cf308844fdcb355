// Pure edits of the arms list: add (next free colour and name), remove, and edit an arm's loss terms (TRL's
// loss_type/loss_weights) with renaming when the name was the terms' default.
import { freeName, isFreeNameOf, legacyBaseName, resolveArmLoss, termsName, type ArmConfig, type LossTerm, type LossType } from '../engineInfo';

export const ARM_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/**
 * The default name of an arm with these terms, upper-case like the default arms ("DPO", "DPOP", "IPO", "RPO" for
 * sigmoid + sft): the loss's usual short name where it has one, else its TRL loss_type in capitals ("DISCOPOP").
 */
export function armBase(losses: readonly LossTerm[]): string {
  return legacyBaseName(losses) ?? losses.map((t) => legacyBaseName([t]) ?? t.type.toUpperCase()).join('+');
}

export function addArm(arms: ArmConfig[], type: LossType = 'sigmoid'): ArmConfig[] {
  if (arms.length >= 4) return arms;
  const color = ARM_COLORS.find((c) => !arms.some((a) => a.color?.toLowerCase() === c)) ?? ARM_COLORS[0];
  const losses = [{ type, weight: 1 }];
  // "DPO", then "DPO-2" when taken.
  const name = freeName(armBase(losses), arms.map((a) => a.name));
  return [...arms, { name, ...resolveArmLoss({ losses }), color }];
}

export function removeArm(arms: ArmConfig[], index: number): ArmConfig[] {
  if (arms.length <= 2) return arms;
  return arms.filter((_, i) => i !== index);
}

/** New terms for arm `index`; its name follows them if it was the old terms' default (or the old form's, "DPO"). */
export function setArmTerms(arms: ArmConfig[], index: number, losses: LossTerm[]): ArmConfig[] {
  return arms.map((a, i) => {
    if (i !== index) return a;
    const others = arms.filter((_, j) => j !== i).map((o) => o.name);
    const legacy = legacyBaseName(a.losses);
    // termsName: the lower-case TRL names earlier versions gave ("sigmoid+sft") count as defaults too.
    const wasDefault = isFreeNameOf(a.name, armBase(a.losses)) || isFreeNameOf(a.name, termsName(a.losses)) || (legacy !== undefined && isFreeNameOf(a.name, legacy));
    const name = wasDefault ? freeName(armBase(losses), others) : a.name;
    // A SimPO arm starts at β 2 (its paper's range), as a new SimPO arm would.
    const beta = losses[0].type === 'simpo' && a.losses[0].type !== 'simpo' ? 2 : a.beta;
    return { ...a, name, losses, beta };
  });
}

export function setTermType(arms: ArmConfig[], index: number, term: number, type: LossType): ArmConfig[] {
  const losses = arms[index].losses.map((t, j) => (j === term ? { ...t, type } : t));
  return setArmTerms(arms, index, losses);
}

export function setTermWeight(arms: ArmConfig[], index: number, term: number, weight: number): ArmConfig[] {
  return arms.map((a, i) => (i === index ? { ...a, losses: a.losses.map((t, j) => (j === term ? { ...t, weight } : t)) } : a));
}

/** Adds a term (sft first, as RPO does; else the first type the arm lacks), weight 1. */
export function addTerm(arms: ArmConfig[], index: number, all: readonly LossType[]): ArmConfig[] {
  const have = arms[index].losses.map((t) => t.type);
  const type = !have.includes('sft') ? 'sft' : all.find((t) => !have.includes(t));
  if (!type || have.length >= 8) return arms;
  return setArmTerms(arms, index, [...arms[index].losses, { type, weight: 1 }]);
}

export function removeTerm(arms: ArmConfig[], index: number, term: number): ArmConfig[] {
  if (arms[index].losses.length <= 1) return arms;
  return setArmTerms(arms, index, arms[index].losses.filter((_, j) => j !== term));
}
