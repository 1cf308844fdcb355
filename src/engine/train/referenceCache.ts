// The frozen reference's log-probs, computed once per pair from the starting weights and kept on the host.
import type { LanguageModel } from '../model/family';
import { scorePairs, type TokenLogProbs } from './scorePairsNoGrad';
import type { TokenizedPair } from './tokenizePairs';

export interface ReferenceCache {
  /** Indexed by pair index. */
  rc: Float32Array;
  rl: Float32Array;
  /** LD-DPO tails of rc / rl (the tokens beyond the pair's shorter completion); absent: 0. */
  rcTail?: Float32Array;
  rlTail?: Float32Array;
  /** Per-token reference log-probs for the evaluation subset. */
  tokens: Map<number, TokenLogProbs>;
}

export interface ReferenceOptions {
  batchSize: number;
  maxLength: number;
  padId?: number;
  evalIndices?: number[];
  onForward?: (rows: number) => void;
  /** Pairs scored so far, after each batch. */
  onScored?: (done: number, total: number) => void;
}

export async function computeReferenceCache(model: LanguageModel, items: TokenizedPair[], o: ReferenceOptions): Promise<ReferenceCache> {
  const all = items.map((_, i) => i);
  const s = await scorePairs(model, items, all, { ...o, tokensFor: o.evalIndices });
  return { rc: s.pc, rl: s.pl, rcTail: s.pcTail, rlTail: s.plTail, tokens: s.tokens };
}

/** rc/rl of a batch as host arrays (become constant tensors in the step: no gradient flows into the reference). */
export function referenceFor(cache: ReferenceCache, indices: number[]): { rc: Float32Array; rl: Float32Array; rcTail: Float32Array; rlTail: Float32Array } {
  const at = (a: Float32Array | undefined) => Float32Array.from(indices, (i) => a?.[i] ?? 0);
  return { rc: at(cache.rc), rl: at(cache.rl), rcTail: at(cache.rcTail), rlTail: at(cache.rlTail) };
}
