// What one arm's step logs beside the loss: each loss term (`loss/<type>`) and TRL 1.9's token metrics (entropy,
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

  /** The step's numbers (term means weighted by pairs, token metrics over all tokens), then forgets the parts. */
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
    const tot = { pairs: 0, tokens: 0, chosen: 0, rejected: 0 };
    const acc = new Float64Array(W);
    parts.forEach((p, i) => {
      for (let k = 0; k < K; k++) acc[k] += v[i * W + k] * p.pairs;
      for (let k = K; k < W; k++) acc[k] += v[i * W + k];
      tot.pairs += p.pairs;
      tot.tokens += p.tokens;
      tot.chosen += p.chosen;
      tot.rejected += p.rejected;
    });
    const ratio = (a: number, n: number) => (n > 0 ? a / n : 0); // TRL logs 0 for an empty count
    const out: Record<string, number> = {};
    this.types.forEach((t, k) => (out[`loss/${t}`] = ratio(acc[k], tot.pairs)));
    out.entropy = ratio(acc[K], tot.tokens);
    out.mean_token_accuracy = ratio(acc[K + 1], tot.chosen);
    out['logits/chosen'] = ratio(acc[K + 2], tot.chosen);
    out['logits/rejected'] = ratio(acc[K + 3], tot.rejected);
    return out;
  }
}
