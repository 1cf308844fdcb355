// An arm's loss as TRL combines it: loss = Σ_i w_i · mean(loss_i), each term on the f-divergence scores, each times
// the WPO weights when use_weighting is on (trl/trainer/dpo_trainer.py, v1.9.0, DPOTrainer._compute_loss).
import * as tf from '@tensorflow/tfjs';
import type { ArmLossSpec, LossType } from './lossTypes';
import type { LossParams } from './types';
import { termContext, type TermFn, type TermInputs } from './terms/context';
import { cdpo, discopop, dpop, exoPair, hinge, robust, sigmoid } from './terms/margin';
import { ipo, sigmoidNorm } from './terms/lengthNormalised';
import { apoDown, apoZero, bcoPair, ncaPair, sppoHard } from './terms/separate';
import { aot, aotUnpaired } from './terms/aot';
import { sft } from './terms/sft';
import { orpo, simpo } from './terms/referenceFree';

export const TERM_FNS: Record<LossType, TermFn> = {
  sigmoid,
  hinge,
  ipo,
  exo_pair: exoPair,
  nca_pair: ncaPair,
  robust,
  bco_pair: bcoPair,
  sppo_hard: sppoHard,
  aot,
  aot_unpaired: aotUnpaired,
  apo_zero: apoZero,
  apo_down: apoDown,
  discopop,
  sft,
  sigmoid_norm: sigmoidNorm,
  dpop,
  cdpo,
  simpo,
  orpo,
};

export interface ArmLossInputs extends TermInputs {
  /** WPO's per-pair weight w_c·w_l (detached), read when use_weighting is on; 1 when absent. */
  wpo?: tf.Tensor1D;
}

/** A PerPairLoss (Σ_i w_i · term_i per pair; its mean is TRL's loss) that also gives each term on its own. */
export interface ArmLossFn {
  (x: ArmLossInputs, p?: LossParams): tf.Tensor1D;
  spec: ArmLossSpec;
  /** Each term per pair, WPO-weighted, before its loss weight: mean(terms[i]) is what `loss/<type>` logs. */
  terms(x: ArmLossInputs): tf.Tensor1D[];
}

export function termValues(spec: ArmLossSpec, x: ArmLossInputs): tf.Tensor1D[] {
  const c = termContext(x, spec.f_divergence_type, spec.f_alpha_divergence_coef);
  return spec.losses.map((t) => {
    const v = TERM_FNS[t.type](c, spec);
    return spec.use_weighting && x.wpo ? (tf.mul(v, x.wpo) as tf.Tensor1D) : v;
  });
}

/** Σ_i w_i · terms[i], per pair. */
export function weightedSum(spec: ArmLossSpec, terms: tf.Tensor1D[]): tf.Tensor1D {
  return terms.map((t, i) => tf.mul(t, spec.losses[i].weight) as tf.Tensor1D).reduce((a, b) => tf.add(a, b) as tf.Tensor1D);
}

export function armLoss(spec: ArmLossSpec): ArmLossFn {
  const fn = ((x: ArmLossInputs) => tf.tidy(() => weightedSum(spec, termValues(spec, x)))) as ArmLossFn;
  fn.spec = spec;
  fn.terms = (x) => termValues(spec, x);
  return fn;
}

/** The arm-loss view of a PerPairLoss, when it is one. */
export function asArmLoss(f: unknown): ArmLossFn | undefined {
  return typeof f === 'function' && 'spec' in f && 'terms' in f ? (f as ArmLossFn) : undefined;
}
