// Periodic evaluation on a fixed subset: per-example log-probs, the batch metrics over the subset, and per-token changes of one pair.
import * as tf from '@tensorflow/tfjs';
import { makeRng, permutation } from '../rng';
import type { Arm } from './arm';
import type { Metrics } from './metrics';
import { trlEvalMetrics } from './evalMetrics';
import type { ReferenceCache } from './referenceCache';
import { scorePairs } from './scorePairsNoGrad';
import { asArmLoss, weightedSum } from '../losses/combine';
import { ldAdjusted } from './ldAlpha';
import { alignedDisplacement, type DisplacementPoint } from './tokenDisplacement';
import { displacementMetrics } from './displacementMetrics';
import { firstDifference } from '../data/stats';
import type { TokenizedPair } from './tokenizePairs';

export interface EvalExample {
  index: number;
  pc: number;
  pl: number;
  rc: number;
  rl: number;
  lenC: number;
  lenL: number;
}

export interface TokenChanges {
  /** Completion token ids (the tokens the values refer to). */
  ids: number[];
  policy: Float32Array;
  reference: Float32Array;
  /** policy − reference per token. */
  delta: Float32Array;
}

export interface EvalResult {
  arm: string;
  step: number;
  examples: EvalExample[];
  metrics: Metrics;
  tokens?: { index: number; chosen: TokenChanges; rejected: TokenChanges };
  /** Mean per-token Δlog-prob over the pairs, aligned on each pair's first differing token. */
  displacement?: DisplacementPoint[];
}

/** All pairs when there are at most maxN, otherwise a seeded sample, sorted. */
/** Pairs a scoring pass takes at once: no gradients are kept, so more than a training batch fit. */
export const scoreBatchSize = (batchSize: number): number => Math.max(batchSize, 16);

export function defaultEvalIndices(n: number, maxN = 64, seed = 0): number[] {
  if (n <= maxN) return Array.from({ length: n }, (_, i) => i);
  return permutation(makeRng(seed ^ 0x5eed), n)
    .slice(0, maxN)
    .sort((a, b) => a - b);
}

export interface EvalOptions {
  step: number;
  batchSize: number;
  maxLength: number;
  padId?: number;
  /** Pair index (in `indices`) whose per-token changes are returned. */
  tokenPair?: number;
  onForward?: (rows: number) => void;
  /** Training tokens seen so far: TRL's eval rows carry them as eval_num_tokens. */
  numTokens?: number;
}

function changes(side: { completion: number[] }, policy: Float32Array, reference: Float32Array): TokenChanges {
  const n = Math.min(policy.length, reference.length);
  const delta = new Float32Array(n);
  for (let i = 0; i < n; i++) delta[i] = policy[i] - reference[i];
  // The scored tokens are the completion's last n (the first one is unscored only when the prompt is empty).
  return { ids: side.completion.slice(side.completion.length - n), policy, reference, delta };
}

export async function evaluateArm(arm: Arm, items: TokenizedPair[], ref: ReferenceCache, indices: number[], o: EvalOptions): Promise<EvalResult> {
  const tp = o.tokenPair !== undefined && indices.includes(o.tokenPair) ? o.tokenPair : undefined;
  // Per-token log-probs of every evaluated pair (host [n] per completion, never [n, V]) feed the aligned displacement.
  const s = await scorePairs(arm.model, items, indices, { ...o, tokensFor: indices, stats: true });
  const examples = indices.map((index, j) => ({
    index,
    pc: s.pc[j],
    pl: s.pl[j],
    rc: ref.rc[index],
    rl: ref.rl[index],
    lenC: items[index].lenC,
    lenL: items[index].lenL,
  }));
  const col = (f: (e: EvalExample) => number) => Float32Array.from(examples, f);
  // An ld_alpha arm is scored as it trains: shared + α·tail on both sides (examples keep the plain sums).
  const ld = asArmLoss(arm.spec.loss)?.spec.ld_alpha;
  const refTail = (t: Float32Array | undefined) => Float32Array.from(indices, (i) => t?.[i] ?? 0);
  const pc = ldAdjusted(s.pc, s.pcTail, ld);
  const pl = ldAdjusted(s.pl, s.plTail, ld);
  const rc = ldAdjusted(col((e) => e.rc), refTail(ref.rcTail), ld);
  const rl = ldAdjusted(col((e) => e.rl), refTail(ref.rlTail), ld);
  const lossT = tf.tidy(() => {
    const inputs = {
      pc: tf.tensor1d(pc),
      pl: tf.tensor1d(pl),
      rc: tf.tensor1d(rc),
      rl: tf.tensor1d(rl),
      lenC: tf.tensor1d(col((e) => e.lenC)),
      lenL: tf.tensor1d(col((e) => e.lenL)),
      pcFull: tf.tensor1d(s.pc),
    };
    const al = asArmLoss(arm.spec.loss);
    if (!al) return tf.reshape(tf.mean(arm.spec.loss(inputs, arm.spec.params)), [1]);
    // The total, then each term's mean (loss/<type>, as on training steps).
    const terms = al.terms(inputs);
    return tf.concat([tf.reshape(tf.mean(weightedSum(al.spec, terms)), [1]), tf.stack(terms.map((t) => tf.mean(t)))]);
  });
  const lv = (await lossT.data()) as Float32Array;
  lossT.dispose();
  const loss = lv[0];
  const termMetrics = Object.fromEntries((asArmLoss(arm.spec.loss)?.spec.losses ?? []).map((t, i) => [`loss/${t.type}`, lv[1 + i]]));
  // loss is the mean over pairs (the Trainer's eval_loss weighs each batch by its pairs); the rest as TRL's eval rows.
  const trl = trlEvalMetrics({ pc, pl, rc, rl }, s.stats, arm.beta, o.batchSize, o.numTokens);
  const metrics: Metrics = { loss, ...termMetrics, ...trl, ...displacementMetrics(pc, rc, !!arm.spec.dpop) };
  let tokens: EvalResult['tokens'];
  const pt = tp === undefined ? undefined : s.tokens.get(tp);
  const rt = tp === undefined ? undefined : ref.tokens.get(tp);
  if (tp !== undefined && pt && rt) {
    tokens = { index: tp, chosen: changes(items[tp].chosen, pt.chosen, rt.chosen), rejected: changes(items[tp].rejected, pt.rejected, rt.rejected) };
  }
  return { arm: arm.name, step: o.step, examples, metrics, tokens, displacement: displacementOf(items, indices, s.tokens, ref) };
}

/** The aligned per-token displacement of the pairs whose policy and reference token log-probs are both at hand. */
function displacementOf(items: TokenizedPair[], indices: number[], policy: Map<number, { chosen: Float32Array; rejected: Float32Array }>, ref: ReferenceCache): DisplacementPoint[] {
  const pairs = [];
  for (const i of indices) {
    const p = policy.get(i);
    const r = ref.tokens.get(i);
    if (!p || !r) continue;
    const it = items[i];
    const delta = (a: Float32Array, b: Float32Array) => Float32Array.from({ length: Math.min(a.length, b.length) }, (_, k) => a[k] - b[k]);
    pairs.push({
      firstDiff: firstDifference(it.chosen.completion, it.rejected.completion),
      chosenLength: it.chosen.completion.length,
      rejectedLength: it.rejected.completion.length,
      chosen: delta(p.chosen, r.chosen),
      rejected: delta(p.rejected, r.rejected),
    });
  }
  return alignedDisplacement(pairs);
}
