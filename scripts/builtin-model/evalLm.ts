// Teacher-forced accuracy of the language model on held-out worked answers.
import * as tf from '@tensorflow/tfjs';
import type { LanguageModel } from '../../src/engine/model/family';
import { buildBatch } from '../../src/engine/train/batch';
import { lmLoss } from '../../src/engine/train/lmStep';
import type { EncodedProblem } from './encode';

export interface LmEval {
  /** Mean NLL per completion token. */
  loss: number;
  /** Argmax = target over all completion tokens (EOS included). */
  tokenAcc: number;
  /** Argmax = target over the result digits (after "="). */
  resultAcc: number;
  /** Fraction of problems whose final result digits are all right. */
  finalExact: number;
}

export async function evaluate(model: LanguageModel, items: EncodedProblem[], maxLength: number, chunk = 64): Promise<LmEval> {
  let nll = 0, nTok = 0, hitTok = 0, nRes = 0, hitRes = 0, exact = 0;
  for (let s = 0; s < items.length; s += chunk) {
    const part = items.slice(s, s + chunk);
    const batch = buildBatch(part, maxLength);
    const { B, T } = batch;
    const loss = lmLoss(model, batch);
    const pred = tf.tidy(() => tf.argMax(model.family.forward(model.config, model.params, tf.tensor2d(batch.ids, [B, T], 'int32')), -1));
    const p = (await pred.data()) as Int32Array;
    const n = part.reduce((a, it) => a + it.completion.length, 0);
    nll += (await loss.data())[0] * n;
    tf.dispose([loss, pred]);
    part.forEach((it, b) => {
      // Completion token j sits at position prompt.length + j and is predicted from the position before it.
      const ok = (j: number) => p[b * T + it.prompt.length + j - 1] === it.completion[j];
      for (let j = 0; j < it.completion.length; j++) hitTok += ok(j) ? 1 : 0;
      nTok += it.completion.length;
      for (const j of it.resultPositions) hitRes += ok(j) ? 1 : 0;
      nRes += it.resultPositions.length;
      // The final result is the last run of result positions (the answer's last line of working).
      const run: number[] = [];
      for (let k = it.resultPositions.length - 1; k >= 0 && (k === it.resultPositions.length - 1 || it.resultPositions[k] === it.resultPositions[k + 1] - 1); k--) run.push(it.resultPositions[k]);
      exact += run.every(ok) ? 1 : 0;
    });
  }
  return { loss: nll / nTok, tokenAcc: hitTok / nTok, resultAcc: hitRes / nRes, finalExact: exact / items.length };
}
