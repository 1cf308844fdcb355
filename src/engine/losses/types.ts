// The contract every preference loss implements: a pure function of per-pair log-probs and hyperparameters.
import type * as tf from '@tensorflow/tfjs';

export type LossKind = 'dpo' | 'dpop' | 'ipo' | 'cdpo' | 'slic' | 'rpo' | 'simpo' | 'orpo';

// A type alias, not an interface, so it is assignable to Record<string, number> (the UI's defaults table).
export type LossParams = {
  /** β: strength of the implicit KL constraint (DPO family), reward scale (SimPO), 1/(2β) target margin (IPO). */
  beta: number;
  /** λ: DPOP's penalty weight (paper: 50). */
  lambda?: number;
  /** ε: cDPO label smoothing. */
  epsilon?: number;
  /** α: RPO's NLL weight, ORPO's odds-ratio weight. */
  alpha?: number;
  /** γ: SimPO's target reward margin. */
  gamma?: number;
};

/** Per-pair inputs, all shape [N]: sums of completion-token log-probs and completion lengths. */
export interface LossInputs {
  pc: tf.Tensor1D;
  pl: tf.Tensor1D;
  rc: tf.Tensor1D;
  rl: tf.Tensor1D;
  lenC: tf.Tensor1D;
  lenL: tf.Tensor1D;
}
