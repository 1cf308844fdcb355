// What one arm's step logs beside the loss: each loss term (`loss/<type>`) and TRL 1.13's token metrics (entropy,
// mean_token_accuracy, logits/chosen, logits/rejected), gathered over the step's micro-batches and read with one await.
import * as tf from '@tensorflow/tfjs';
import type { BuiltBatch } from './batch';
import { STAT } from '../model/tokenStats';

interface Part {
  /** [K term means, Σ entropy (all rows), Σ argmax hits (chosen), Σ mean logit (chosen), Σ mean logit (rejected)]. */
  values: tf.Tensor1D;
  pairs: number;
  tokens: number;
  chosen: number;
  rejected: number;
}

/** Per-sequence stat sums [2B, 4] → the four batch sums a Part carries after the term means. */
export function batchStatSums(seq: tf.Tensor2D, B: number): tf.Tensor1D {
  return tf.tidy(() => {
    const col = (c: number, from: number, n: number) => tf.sum(tf.slice(seq, [from, c], [n, 1]));
    return tf.stack([col(STAT.entropy, 0, 2 * B), col(STAT.correct, 0, B), col(STAT.meanLogit, 0, B), col(STAT.meanLogit, B, B)]) as tf.Tensor1D;
  });
}

export class StepStats {
  private parts: Part[] = [];

  /** `types`: the arm's loss terms in order. */
  constructor(readonly types: readonly string[]) {}

  /** Takes ownership of `values` (kept). */
  push(values: tf.Tensor1D, batch: BuiltBatch): void {
    const B = batch.B / 2;
    const sum = (from: number, to: number) => batch.lengths.slice(from, to).reduce((a, b) => a + b, 0);
    this.parts.push({ values, pairs: B, tokens: sum(0, 2 * B), chosen: sum(0, B), rejected: sum(B, 2 * B) });
  }

  discard(): void {
    tf.dispose(this.parts.map((p) => p.values));
    this.parts = [];
  }

  /** The step's numbers (term means weighted by pairs, token metrics as the mean over micro-batches), then forgets the parts. */
  async read(): Promise<Record<string, number>> {
    if (this.parts.length === 0) return {};
    const parts = this.parts;
    this.parts = [];
    const packed = tf.concat(parts.map((p) => p.values));
    let v: Float32Array;
    try {
      v = (await packed.data()) as Float32Array;
    } finally {
      tf.dispose([packed, ...parts.map((p) => p.values)]);
    }
    const K = this.types.length;
    const W = K + 4;
    const ratio = (a: number, n: number) => (n > 0 ? a / n : 0); // TRL logs 0 for an empty count
    let pairs = 0;
    const terms = new Float64Array(K);
    // TRL appends the token metrics once per micro-batch (each a ratio over its tokens) and logs their mean.
    const tok = new Float64Array(4);
    parts.forEach((p, i) => {
      const at = (k: number) => v[i * W + k];
      for (let k = 0; k < K; k++) terms[k] += at(k) * p.pairs;
      pairs += p.pairs;
      tok[0] += ratio(at(K), p.tokens);
      tok[1] += ratio(at(K + 1), p.chosen);
      tok[2] += ratio(at(K + 2), p.chosen);
      tok[3] += ratio(at(K + 3), p.rejected);
    });
    const out: Record<string, number> = {};
    this.types.forEach((t, k) => (out[`loss/${t}`] = ratio(terms[k], pairs)));
    out.entropy = tok[0] / parts.length;
    out.mean_token_accuracy = tok[1] / parts.length;
    out['logits/chosen'] = tok[2] / parts.length;
    out['logits/rejected'] = tok[3] / parts.length;
    return out;
  }
}
