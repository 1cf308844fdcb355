// Test fixtures for the preference engine: a tiny GPT-2 (model/testdata's builder), seeded token pairs and inline loss oracles.
import * as tf from '@tensorflow/tfjs';
import { tinyConfig } from '../../model/testdata/fixtures';
import { gpt2Family } from '../../model/families/gpt2';
import { makeRng } from '../../rng';
import { armLoss, resolveArmLoss } from '../../losses';
import type { PerPairLoss, TokenPair } from '../types';

/** The trainer tests' model: one layer, V 24, small enough that a step takes milliseconds on cpu. */
export const tinyRunConfig = tinyConfig({ vocab_size: 24, n_positions: 16, n_embd: 16, n_layer: 1, n_head: 2 });
export const tinyStart = (seed = 1) => gpt2Family.init(tinyRunConfig, seed);

/** Seeded pairs with a shared prompt and completions that differ (some in one token only, like MetaMath pairs). */
export function tinyPairs(n: number, seed = 7): TokenPair[] {
  const r = makeRng(seed);
  const tok = () => 1 + Math.floor(r() * 23);
  const seq = (len: number) => Array.from({ length: len }, tok);
  return Array.from({ length: n }, (_, i) => {
    const prompt = seq(2 + (i % 3));
    const chosen = seq(2 + (i % 4));
    const rejected = i % 2 === 0 ? chosen.map((t, j) => (j === chosen.length - 1 ? (t % 23) + 1 : t)) : seq(3 + (i % 2));
    return { prompt, chosen, rejected };
  });
}

/**
 * DPO written inline as softplus(−βδ) (tfjs's softplus gradient is σ, right at δ = 0, where every pair sits at step 0);
 * the trainer tests use these so they test the trainer, not src/engine/losses.
 */
export const dpoLoss: PerPairLoss = (x, p) =>
  tf.tidy(() => tf.softplus(tf.neg(tf.mul(p.beta, tf.sub(tf.sub(x.pc, x.rc), tf.sub(x.pl, x.rl))))) as tf.Tensor1D);

/** DPOP (Smaug Eq. 3): softplus(−β·(δ − λ·max(0, rc − pc))). */
export const dpopLoss: PerPairLoss = (x, p) =>
  tf.tidy(() => {
    const delta = tf.sub(tf.sub(x.pc, x.rc), tf.sub(x.pl, x.rl));
    const pen = tf.mul(p.lambda ?? 50, tf.relu(tf.sub(x.rc, x.pc)));
    return tf.softplus(tf.neg(tf.mul(p.beta, tf.sub(delta, pen)))) as tf.Tensor1D;
  });

/** The production DPO ("sigmoid" term) at a given β, through the arm-loss path the app trains with. */
export const appDpo = (beta: number): PerPairLoss => armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta }));

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Float64 closed forms of the same losses, for independent references. */
export const dpo64 = (pc: number, pl: number, rc: number, rl: number, beta: number) => -Math.log(sigmoid(beta * (pc - rc - (pl - rl))));
export const dpop64 = (pc: number, pl: number, rc: number, rl: number, beta: number, lambda: number) =>
  -Math.log(sigmoid(beta * (pc - rc - (pl - rl) - lambda * Math.max(0, rc - pc))));
