// One arm of the studio's config → what train.py needs: TRL 1.13 loss_type / loss_weights / DPOConfig values, the
// studio-only terms dpop.py adds (DPOP, cDPO), and peft.LoraConfig values. The one place the TRL export maps losses.
import { StudioError } from '../../errors';
import { fromLegacy, resolveArmLoss, type LegacyLossFields } from '../../losses/armLosses';
import type { ArmLossSpec } from '../../losses/lossTypes';
import { trlDpoConfig, type TrlDpoHyper } from '../../losses/trlNames';

/** Studio-only terms the exported dpop.py implements; the others (SimPO, ORPO) live in other TRL trainers. */
export const EXPORTED_STUDIO_TERMS = ['dpop', 'cdpo'] as const;

export interface TrlLora {
  r: number;
  lora_alpha: number;
  lora_dropout: number;
  /** null: the family's usual projections (train.py's DEFAULT_TARGETS, the studio's defaults). */
  target_modules: string[] | null;
  use_rslora: boolean;
}

export interface TrlArm extends TrlDpoHyper {
  name: string;
  loss_type: string[];
  loss_weights: number[];
  /** Terms TRL lacks, added by dpop.py's StudioDPOTrainer. */
  studio_terms: { type: string; weight: number }[];
  dpop_lambda: number;
  /** Gradient of DPOP's max(0, rc − pc) at rc = pc (0 relu, 1 clamp(min=0)); dpop.py follows it. */
  dpop_kink_gradient: number;
  lora: TrlLora | null;
}

/** An arm as the config holds it: TRL-named terms (`losses`), or the older single `loss`. */
export type ExportableArm = { name: string; adapter?: { type: string; r?: number; alpha?: number; dropout?: number; targetModules?: string[]; rslora?: boolean } } & (
  | ArmLossSpec
  | (LegacyLossFields & { losses?: undefined })
);

function lossSpec(arm: ExportableArm): ArmLossSpec {
  return arm.losses ? (arm as ArmLossSpec) : resolveArmLoss(fromLegacy(arm as LegacyLossFields));
}

function loraOf(arm: ExportableArm): TrlLora | null {
  const a = arm.adapter;
  if (!a || a.type !== 'lora') return null;
  return { r: a.r ?? 16, lora_alpha: a.alpha ?? 32, lora_dropout: a.dropout ?? 0, target_modules: a.targetModules ?? null, use_rslora: a.rslora ?? false };
}

/** Refuses an arm train.py cannot rerun faithfully, naming the arm, the term and where a TRL user finds it. */
export function trlArm(arm: ExportableArm, index: number): TrlArm {
  const spec = lossSpec(arm);
  const trl = trlDpoConfig(spec);
  const field = `arms[${index}].losses`;
  for (const m of trl.missing) {
    if (!(EXPORTED_STUDIO_TERMS as readonly string[]).includes(m.type))
      throw new StudioError(`arm "${arm.name}": the ${m.type} term cannot run in TRL's DPOTrainer (${m.where}); the TRL export reruns DPOTrainer losses plus dpop and cdpo`, { field });
  }
  if (trl.missing.length && (spec.ld_alpha !== undefined || spec.f_divergence_type !== 'reverse_kl' || spec.use_weighting))
    throw new StudioError(`arm "${arm.name}": the ${trl.missing.map((m) => m.type).join('+')} term in the TRL export needs ld_alpha unset, f_divergence_type "reverse_kl" and use_weighting false`, { field });
  return {
    name: arm.name,
    loss_type: trl.loss_type,
    loss_weights: trl.loss_weights,
    studio_terms: trl.missing.map((m) => ({ type: m.type, weight: m.weight })),
    ...trl.config,
    dpop_lambda: spec.dpop_lambda,
    dpop_kink_gradient: spec.dpop_kink_gradient,
    lora: loraOf(arm),
  };
}
