// Batched, gradient-free scoring of pairs: sequence log-probs for all, per-token log-probs for a chosen few.
import * as tf from '@tensorflow/tfjs';
import type { LanguageModel } from '../model/family';
import { tokenLogProbs } from '../model/score';
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
}

export interface ScoreOptions {
  batchSize: number;
  maxLength: number;
  padId?: number;
  tokensFor?: Iterable<number>;
  /** Called once per forward pass with its row count (tests count reference passes with it). */
  onForward?: (rows: number) => void;
}

/** Scores items[indices] in chunks; each chunk is one forward over [chosen; rejected], read with one await. */
export async function scorePairs(model: LanguageModel, items: TokenizedPair[], indices: number[], o: ScoreOptions): Promise<PairScores> {
  const want = new Set(o.tokensFor ?? []);
  const pc = new Float32Array(indices.length);
  const pl = new Float32Array(indices.length);
  const pcTail = new Float32Array(indices.length);
  const plTail = new Float32Array(indices.length);
  const tokens = new Map<number, TokenLogProbs>();
  const bs = Math.max(1, o.batchSize);
  for (let start = 0; start < indices.length; start += bs) {
    const chunk = indices.slice(start, start + bs);
    const B = chunk.length;
    const batch = concatenatedBatch(items, chunk, o.maxLength, o.padId);
    const needTokens = chunk.some((i) => want.has(i));
    o.onForward?.(2 * B);
    // Sum with tf.sum exactly as sequenceLogProbs does, so cached reference values equal the step-0 policy values bit for bit.
    const [lp, seq] = tf.tidy(() => {
      const t = tokenLogProbs(model, batch);
      const tail = tf.sum(tf.mul(t, tf.tensor2d(tailMask(batch), [2 * B, batch.T - 1])), 1);
      return [t, tf.concat([tf.sum(t, 1), tail])];
    });
    try {
      const s = (await seq.data()) as Float32Array;
      pc.set(s.subarray(0, B), start);
      pl.set(s.subarray(B, 2 * B), start);
      pcTail.set(s.subarray(2 * B, 3 * B), start);
      plTail.set(s.subarray(3 * B, 4 * B), start);
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
      tf.dispose([lp, seq]);
    }
  }
  return { pc, pl, pcTail, plTail, tokens };
}
