// Shared shapes of the preference-run engine; the loss arrives as a function so the trainer never imports a loss file.
import type * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from '../losses/types';

/** A preference pair already tokenised (ids from the model's tokenizer). */
export interface TokenPair {
  prompt: number[];
  chosen: number[];
  rejected: number[];
}

/** Per-pair loss, shape [N]; the engine takes the mean. Matches `armLoss(spec)` of src/engine/losses. */
export type PerPairLoss = (inputs: LossInputs, params: LossParams) => tf.Tensor1D;

export type { LossInputs, LossParams };
