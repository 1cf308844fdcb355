// Batched, gradient-free scoring of pairs: sequence log-probs for all, per-token log-probs for a chosen few.
import * as tf from '@tensorflow/tfjs';
import type { LanguageModel } from '../model/family';
import { tokenLogProbs, type TokenBatch } from '../model/logProbs';
import { STAT, STAT_COLUMNS } from '../model/tokenStats';
import { concatenatedBatch, type TokenizedPair } from './tokenizePairs';
import { tailMask } from './ldAlpha';

export interface TokenLogProbs {
  chosen: Float32Array;
  rejected: Float32Array;
}

export interface PairScores {
  /** Aligned with the requested indices. */
  pc: Float32Array;
  pl: Float32Array;
  /** The part of pc / pl beyond the pair's shorter completion (LD-DPO's tail; ldAlpha.ts). */
  pcTail: Float32Array;
  plTail: Float32Array;
  /** Per completion token, keyed by pair index, for the pairs named in `tokensFor`. */
  tokens: Map<number, TokenLogProbs>;
  /** With ScoreOptions.stats: per pair, PAIR_STAT_COLUMNS sums over its scored completion tokens (PAIR_STAT). */
  stats?: Float64Array;
}

/** Columns of PairScores.stats: TRL's token metrics' numerators and their token counts, per pair. */
export const PAIR_STAT = { entropy: 0, hitsChosen: 1, logitChosen: 2, logitRejected: 3, tokensChosen: 4, tokensRejected: 5 } as const;
export const PAIR_STAT_COLUMNS = 6;

export interface ScoreOptions {
  batchSize: number;
  maxLength: number;
  padId?: number;
  tokensFor?: Iterable<number>;
  /** Called once per forward pass with its row count (tests count reference passes with it). */
  onForward?: (rows: number) => void;
  /** Called after each chunk is read back, with the pairs scored so far. */
  onScored?: (done: number, total: number) => void;
  /** Also sum the token stats (entropy, argmax hits, mean logits) per pair, for TRL's eval metrics. */
  stats?: boolean;
}

/** Tokens of a pair's longer side (its row length in a concatenated batch, before the chunk's padding). */
function pairLength(it: TokenizedPair): number {
  return Math.max(it.chosen.prompt.length + it.chosen.completion.length, it.rejected.prompt.length + it.rejected.completion.length);
}

/** Scores items[indices] in chunks; each chunk is one forward over [chosen; rejected], read with one await. */
export async function scorePairs(model: LanguageModel, items: TokenizedPair[], indices: number[], o: ScoreOptions): Promise<PairScores> {
  const want = new Set(o.tokensFor ?? []);
  const pc = new Float32Array(indices.length);
  const pl = new Float32Array(indices.length);
  const pcTail = new Float32Array(indices.length);
  const plTail = new Float32Array(indices.length);
  const tokens = new Map<number, TokenLogProbs>();
  const stats = o.stats ? new Float64Array(indices.length * PAIR_STAT_COLUMNS) : undefined;
  const bs = Math.max(1, o.batchSize);
  // A chunk pads to its longest pair: chunks of length-sorted pairs carry ~20% fewer padded tokens (the default data:
  // 5,392 row-tokens instead of 6,848 for its 128 pairs). Each pair's scores do not depend on its chunk (run.test.ts).
  const order = indices.map((_, j) => j).sort((x, y) => pairLength(items[indices[x]]) - pairLength(items[indices[y]]));
  for (let start = 0; start < order.length; start += bs) {
    const pos = order.slice(start, start + bs);
    const chunk = pos.map((j) => indices[j]);
    const B = chunk.length;
    const batch = concatenatedBatch(items, chunk, o.maxLength, o.padId);
    const needTokens = chunk.some((i) => want.has(i));
    o.onForward?.(2 * B);
    // Sum with tf.sum exactly as sequenceLogProbs does, so cached reference values equal the step-0 policy values bit for bit.
    const st: { out?: tf.Tensor2D } | undefined = stats ? {} : undefined;
    const [lp, seq] = tf.tidy(() => {
      const t = tokenLogProbs(model, batch, false, st);
      const tail = tf.sum(tf.mul(t, tf.tensor2d(tailMask(batch), [2 * B, batch.T - 1])), 1);
      return [t, tf.concat([tf.sum(t, 1), tail])];
    });
    try {
      const s = (await seq.data()) as Float32Array;
      if (stats && st?.out) addPairStats(stats, (await st.out.data()) as Float32Array, batch, pos);
      pos.forEach((j, b) => {
        pc[j] = s[b];
        pl[j] = s[B + b];
        pcTail[j] = s[2 * B + b];
        plTail[j] = s[3 * B + b];
      });
      o.onScored?.(start + B, order.length);
      if (needTokens) {
        const all = (await lp.data()) as Float32Array;
        const W = batch.T - 1;
        chunk.forEach((idx, b) => {
          if (!want.has(idx)) return;
          const row = (r: number, side: { prompt: number[]; completion: number[] }): Float32Array => {
            // Scored positions t = max(1, P) .. S-1 sit at column t-1 of tokenLogProbs' output.
            const from = Math.max(1, side.prompt.length) - 1;
            const to = side.prompt.length + side.completion.length - 1;
            return all.slice(r * W + from, r * W + Math.max(from, to));
          };
          tokens.set(idx, { chosen: row(b, items[idx].chosen), rejected: row(B + b, items[idx].rejected) });
        });
      }
    } finally {
      tf.dispose([lp, seq, ...(st?.out ? [st.out] : [])]);
    }
  }
  return { pc, pl, pcTail, plTail, tokens, stats };
}

/** Scored tokens of row r: positions t ≥ 1 whose mask is on (the rows tokenLogProbs scores). */
function scoredCount(batch: TokenBatch, r: number): number {
  let n = 0;
  for (let t = 1; t < batch.T; t++) n += batch.mask[r * batch.T + t];
  return n;
}

/** Adds a chunk's per-sequence stat sums [2B, 4] (tokenStats' STAT) into the pairs' rows of `out`. */
function addPairStats(out: Float64Array, seq: Float32Array, batch: TokenBatch, pos: number[]): void {
  const B = pos.length;
  pos.forEach((j, b) => {
    const o = j * PAIR_STAT_COLUMNS;
    const [c, r] = [b * STAT_COLUMNS, (B + b) * STAT_COLUMNS];
    out[o + PAIR_STAT.entropy] = seq[c + STAT.entropy] + seq[r + STAT.entropy];
    out[o + PAIR_STAT.hitsChosen] = seq[c + STAT.correct];
    out[o + PAIR_STAT.logitChosen] = seq[c + STAT.meanLogit];
    out[o + PAIR_STAT.logitRejected] = seq[r + STAT.meanLogit];
    out[o + PAIR_STAT.tokensChosen] = scoredCount(batch, b);
    out[o + PAIR_STAT.tokensRejected] = scoredCount(batch, B + b);
  });
}
