// The one source of default arm names, for the CLI's --arms, the presets, the config's default arms and the UI's
// "Add arm": the loss's short name ("DPO", "DPOP", "IPO", …), then "DPO-2", "DPO-3" for repeats. File-safe, since
// they name the CLI's model-<arm>/ folders and appear as `arm` in metrics.jsonl and examples.jsonl.
import { LOSS_INFO, LOSS_KINDS } from './lossTypeInfo';
import type { LossKind } from './types';
import type { LossType } from './lossTypes';
import { fromLegacy, termsName } from './armLosses';

/** "DPO" when free among `taken`, else "DPO-2", "DPO-3", … */
export function defaultArmName(loss: LossKind, taken: readonly string[] = []): string {
  const base = LOSS_INFO[loss].shortName;
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

/** Default names for a list of arms in order: dpo, dpop, dpo → DPO, DPOP, DPO-2. */
export function defaultArmNames(losses: readonly LossKind[]): string[] {
  const out: string[] = [];
  for (const l of losses) out.push(defaultArmName(l, out));
  return out;
}

/** Whether `name` is one defaultArmName could have given an arm with this loss ("DPO", "DPO-3"; not "DPOP", "mine"). */
export function isDefaultArmName(name: string, loss: LossKind): boolean {
  const base = LOSS_INFO[loss].shortName;
  return name === base || (name.startsWith(`${base}-`) && /^[1-9]\d*$/.test(name.slice(base.length + 1)));
}

/** The base a default name is built from: the old loss's short name ("DPO"), or the terms joined ("sigmoid+sft"). */
export function armBaseName(a: { loss?: LossKind; losses?: readonly { type: LossType }[] }): string {
  return a.loss ? LOSS_INFO[a.loss].shortName : termsName(a.losses ?? []);
}

/** "base" when free among `taken`, else "base-2", "base-3", … */
export function freeName(base: string, taken: readonly string[] = []): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

/** Whether `name` is one freeName could have given from `base` ("sigmoid", "sigmoid-3"). */
export function isFreeNameOf(name: string, base: string): boolean {
  return name === base || (name.startsWith(`${base}-`) && /^[1-9]\d*$/.test(name.slice(base.length + 1)));
}

/** Arms without a name get their default one (names already given are kept and avoided). */
export function withDefaultArmNames<A extends { loss?: LossKind; losses?: readonly { type: LossType }[]; name?: string }>(arms: readonly A[]): (A & { name: string })[] {
  const taken = arms.flatMap((a) => (a.name ? [a.name] : []));
  return arms.map((a) => {
    if (a.name) return { ...a, name: a.name };
    const name = freeName(armBaseName(a), taken);
    taken.push(name);
    return { ...a, name };
  });
}

/** The old form's default name for these terms ("DPO" for sigmoid, "RPO" for sigmoid+sft), if any old loss maps onto them. */
export function legacyBaseName(losses: readonly { type: LossType }[]): string | undefined {
  const key = losses.map((t) => t.type).join('+');
  const kind = LOSS_KINDS.find((k) => fromLegacy({ loss: k }).losses.map((t) => t.type).join('+') === key);
  return kind ? LOSS_INFO[kind].shortName : undefined;
}
