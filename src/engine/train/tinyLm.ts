// The stack's first slice: train a tiny causal LM for a few steps and report the loss per step.
import * as tf from '@tensorflow/tfjs';
import { gpt2Config } from '../model/families/gpt2Config';
import type { LanguageModel } from '../model/family';
import { gpt2Family } from '../model/families/gpt2';
import { disposeParams, toVariables } from '../model/params';
import { makeRng } from '../rng';
import { lmLoss } from './lmStep';
import { paramGrads } from './grads';
import { Optimizer } from './optimizer';
import type { TokenBatch } from '../model/logProbs';

export interface TinyLmOptions {
  seed: number;
  steps: number;
  lr?: number;
  onStep?: (step: number, loss: number) => void;
}

/** A batch of seeded periodic sequences, learnable in a few steps. */
export function tinyBatch(seed: number, B = 4, T = 16, V = 32): TokenBatch {
  const rand = makeRng(seed);
  const ids = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const start = Math.floor(rand() * V);
    const stride = 1 + Math.floor(rand() * 3);
    for (let t = 0; t < T; t++) {
      ids[b * T + t] = (start + t * stride) % V;
      mask[b * T + t] = t > 0 ? 1 : 0;
    }
  }
  return { ids, mask, B, T };
}

export async function trainTinyLm(opts: TinyLmOptions): Promise<number[]> {
  const config = gpt2Config({ vocab_size: 32, n_positions: 16, n_embd: 32, n_layer: 2, n_head: 2 });
  const model: LanguageModel = { family: gpt2Family, config, params: toVariables(gpt2Family.init(config, opts.seed)) };
  const opt = new Optimizer(model.params, { kind: 'adam' });
  const batch = tinyBatch(opts.seed);
  const losses: number[] = [];
  try {
    for (let s = 0; s < opts.steps; s++) {
      const { value, grads } = paramGrads(model.params, () => lmLoss(model, batch));
      opt.apply(grads, opts.lr ?? 1e-2).dispose();
      const loss = (await value.data())[0];
      tf.dispose([value, grads]);
      losses.push(loss);
      opts.onStep?.(s, loss);
    }
  } finally {
    opt.dispose();
    disposeParams(model.params);
  }
  return losses;
}
