// TRL 1.13's eval row: DPOTrainer appends each metric once per eval batch and logs the mean over batches, so a short
// last batch weighs as much as a full one; num_tokens is the training tokens seen so far (dpo_trainer.py _compute_loss).
import { preferenceMetrics, type Metrics } from './metrics';
import type { PairLogps } from '../losses';
import { PAIR_STAT, PAIR_STAT_COLUMNS } from './scorePairsNoGrad';

/** TRL logs 0 for a batch with no tokens counted. */
const ratio = (a: number, n: number) => (n > 0 ? a / n : 0);

/** The token metrics of pairs [from, to): entropy over both sides' tokens, accuracy and logits per side's tokens. */
export function tokenMetrics(stats: Float64Array, from: number, to: number): Metrics {
  const s = new Float64Array(PAIR_STAT_COLUMNS);
  for (let j = from; j < to; j++) for (let k = 0; k < PAIR_STAT_COLUMNS; k++) s[k] += stats[j * PAIR_STAT_COLUMNS + k];
  const [c, r] = [s[PAIR_STAT.tokensChosen], s[PAIR_STAT.tokensRejected]];
  return {
    entropy: ratio(s[PAIR_STAT.entropy], c + r),
    mean_token_accuracy: ratio(s[PAIR_STAT.hitsChosen], c),
    'logits/chosen': ratio(s[PAIR_STAT.logitChosen], c),
    'logits/rejected': ratio(s[PAIR_STAT.logitRejected], r),
  };
}

/**
 * The log-prob, reward and token metrics of an evaluation as TRL logs them: per consecutive batch of batchSize pairs
 * (in evaluation order), then the mean over batches; num_tokens when given.
 */
export function trlEvalMetrics(x: PairLogps, stats: Float64Array | undefined, beta: number, batchSize: number, numTokens?: number): Metrics {
  const n = x.pc.length;
  const bs = Math.max(1, batchSize);
  const sums: Record<string, number> = {};
  let batches = 0;
  for (let from = 0; from < n; from += bs) {
    const to = Math.min(n, from + bs);
    const cut = (a: ArrayLike<number>) => Array.from({ length: to - from }, (_, i) => a[from + i]);
    const m: Metrics = { ...preferenceMetrics({ pc: cut(x.pc), pl: cut(x.pl), rc: cut(x.rc), rl: cut(x.rl) }, beta), ...(stats ? tokenMetrics(stats, from, to) : {}) };
    for (const [k, v] of Object.entries(m)) sums[k] = (sums[k] ?? 0) + (v as number);
    batches++;
  }
  const out: Metrics = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / batches]));
  return numTokens === undefined ? out : { ...out, num_tokens: numTokens };
}
