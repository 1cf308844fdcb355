// Seeded random token pairs and their DPO batch: the shared fixture of the benchmark and the fused-kernel tests.
import { makeRng } from '../rng';
import type { PairConstants } from './prefStep';
import { concatenatedBatch, tokenizePairs, type TokenizedPair } from './tokenizePairs';
import type { BuiltBatch } from './batch';

export interface SyntheticShape {
  V: number;
  /** The longest row is exactly T tokens. */
  T: number;
  pairs: number;
}

/** Random prompt/chosen/rejected ids of varying lengths (never id 0, the pad). */
export function syntheticPairs(c: SyntheticShape, seed: number) {
  const r = makeRng(seed);
  const seq = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(r() * (c.V - 1)));
  const half = Math.floor(c.T / 2);
  return Array.from({ length: c.pairs }, (_, i) => ({ prompt: seq(half - (i % 4)), chosen: seq(c.T - half - (i % 3)), rejected: seq(c.T - half - ((i + 1) % 3)) }));
}

/** One concatenated [chosen; rejected] batch over every pair, with reference log-probs drawn near −20. */
export function syntheticDpoBatch(c: SyntheticShape, seed = 11): { items: TokenizedPair[]; batch: BuiltBatch; k: PairConstants } {
  const { items } = tokenizePairs(syntheticPairs(c, seed), c.T);
  const idx = items.map((_, i) => i);
  const batch = concatenatedBatch(items, idx, c.T);
  const r = makeRng(5);
  const k: PairConstants = {
    rc: Float32Array.from(idx, () => -20 - r()),
    rl: Float32Array.from(idx, () => -20 - r()),
    lenC: Float32Array.from(idx, (i) => items[i].lenC),
    lenL: Float32Array.from(idx, (i) => items[i].lenL),
  };
  return { items, batch, k };
}
