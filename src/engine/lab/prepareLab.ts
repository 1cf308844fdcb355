// The lab's part of preparing a run: filter the tokenised pairs by predicted displacement (before the run is built) and
// score the evaluation pairs' predictors from the reference (after).
import type { ModelConfig } from '../model/modelConfig';
import type { LanguageModel } from '../model/family';
import { familyFor } from '../model/registry';
import { disposeParams, toVariables, type HostWeights } from '../model/params';
import type { TokenizedPair } from '../train/tokenizePairs';
import type { HiddenSumOptions } from './ches';
import { applyFilters, hasFilter, needsChes, type FilterCount, type PairFilter } from './filters';
import { pairPredictors, tokenPredictors } from './predictors';

export interface FilteredPairs {
  /** Kept positions in the tokenised input, in order. */
  kept: number[];
  counts: FilterCount[];
}

/**
 * Which pairs a filter keeps. A CHES filter scores every pair with a temporary no-grad copy of the starting weights
 * (the run's own reference does not exist yet), freed before returning.
 */
export async function filterPairs(filter: PairFilter | undefined, items: TokenizedPair[], start: { weights: HostWeights; config: ModelConfig }, o: HiddenSumOptions): Promise<FilteredPairs | undefined> {
  if (!hasFilter(filter)) return undefined;
  const inputs = items.map((it) => ({ index: it.index, editDistance: tokenPredictors(it).editDistance, chesNormalized: undefined as number | undefined }));
  if (needsChes(filter)) {
    const params = toVariables(start.weights, 'ches-', false);
    try {
      const model: LanguageModel = { family: familyFor(start.config), config: start.config, params };
      const scored = await pairPredictors(model, items, items.map((it) => it.index), o);
      scored.forEach((p, i) => (inputs[i].chesNormalized = p.chesNormalized));
    } finally {
      disposeParams(params);
    }
  }
  return applyFilters(inputs, filter);
}

export { pairPredictors };
