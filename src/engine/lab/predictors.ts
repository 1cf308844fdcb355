// Per-pair predictors of likelihood displacement, computed once from the reference model when a run is prepared.
import { firstDifference, levenshtein } from '../data/stats';
import type { LanguageModel } from '../model/family';
import type { TokenizedPair } from '../train/tokenizePairs';
import { chesFromSums, hiddenSums, type HiddenSumOptions } from './ches';

export interface PairPredictors {
  index: number;
  ches: number;
  chesNormalized: number;
  /** Token edit distance between the (truncated) completions. */
  editDistance: number;
  /** editDistance / max(|y+|, |y−|). */
  editDistanceNormalized: number;
  /** Index in the completion of the first token where chosen and rejected differ (the shorter length for a prefix). */
  firstDiff: number;
  lenC: number;
  lenL: number;
}

/** The token-only predictors (no model needed). */
export function tokenPredictors(item: TokenizedPair): Omit<PairPredictors, 'ches' | 'chesNormalized'> {
  const c = item.chosen.completion;
  const r = item.rejected.completion;
  const editDistance = levenshtein(c, r);
  const longest = Math.max(c.length, r.length);
  return { index: item.index, editDistance, editDistanceNormalized: longest ? editDistance / longest : 0, firstDiff: firstDifference(c, r), lenC: item.lenC, lenL: item.lenL };
}

export async function pairPredictors(model: LanguageModel, items: TokenizedPair[], indices: number[], o: HiddenSumOptions): Promise<PairPredictors[]> {
  const sums = await hiddenSums(model, items, indices, o);
  return indices.map((i) => ({ ...tokenPredictors(items[i]), ...chesFromSums(sums.get(i)!, items[i].lenC, items[i].lenL) }));
}
