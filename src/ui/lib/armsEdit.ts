// Pure edits of the arms list: add (next free colour and name), remove, and switch a loss with its defaults.
import type { ArmConfig, LossKind } from '../engineInfo';

export const ARM_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const HYPER = ['beta', 'lambda', 'epsilon', 'alpha', 'gamma'] as const;

export type LossDefaults = Record<LossKind, { name: string; defaults: Record<string, number> }>;

/** "DPO", or "DPO 2", "DPO 3" when taken. */
export function uniqueName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base} ${i}`)) return `${base} ${i}`;
}

/** Short UI name of a loss: "DPOP (DPO-Positive, Eq. 3)" → "DPOP". */
export const shortLossName = (name: string) => name.split(' ')[0];

export function addArm(arms: ArmConfig[], loss: LossKind, table: LossDefaults): ArmConfig[] {
  if (arms.length >= 4) return arms;
  const color = ARM_COLORS.find((c) => !arms.some((a) => a.color?.toLowerCase() === c)) ?? ARM_COLORS[0];
  const name = uniqueName(shortLossName(table[loss].name), arms.map((a) => a.name));
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
    const wasDefault = a.name.startsWith(shortLossName(table[a.loss].name));
    const others = arms.filter((_, j) => j !== i).map((o) => o.name);
    const name = wasDefault ? uniqueName(shortLossName(table[loss].name), others) : a.name;
    return { ...kept, ...table[loss].defaults, name, loss } as ArmConfig;
  });
}
