// Pure edits of the arms list: add (next free colour and name), remove, and switch a loss with its defaults.
import { defaultArmName, isDefaultArmName, type ArmConfig, type LossKind } from '../engineInfo';

export const ARM_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const HYPER = ['beta', 'lambda', 'epsilon', 'alpha', 'gamma'] as const;

export type LossDefaults = Record<LossKind, { defaults: Record<string, number> }>;

export function addArm(arms: ArmConfig[], loss: LossKind, table: LossDefaults): ArmConfig[] {
  if (arms.length >= 4) return arms;
  const color = ARM_COLORS.find((c) => !arms.some((a) => a.color?.toLowerCase() === c)) ?? ARM_COLORS[0];
  // The same default names as the CLI and the presets ("DPO", then "DPO-2"); the loss picker shows the long name.
  const name = defaultArmName(loss, arms.map((a) => a.name));
  return [...arms, { name, loss, ...table[loss].defaults, color } as ArmConfig];
}

export function removeArm(arms: ArmConfig[], index: number): ArmConfig[] {
  if (arms.length <= 2) return arms;
  return arms.filter((_, i) => i !== index);
}

/** New loss, its own defaults; renamed only if the old name was the old loss's default name. */
export function setArmLoss(arms: ArmConfig[], index: number, loss: LossKind, table: LossDefaults): ArmConfig[] {
  return arms.map((a, i) => {
    if (i !== index) return a;
    const kept: Record<string, unknown> = { ...a };
    for (const k of HYPER) delete kept[k];
    const others = arms.filter((_, j) => j !== i).map((o) => o.name);
    const name = isDefaultArmName(a.name, a.loss) ? defaultArmName(loss, others) : a.name;
    return { ...kept, ...table[loss].defaults, name, loss } as ArmConfig;
  });
}
