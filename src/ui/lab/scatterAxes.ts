// The scatter's x-axis choices: which per-pair predictor Δchosen is plotted against.
import type { PairPredictors } from '../../engine/lab/predictors';
import type { ScatterX } from '../store/labSlice';

export const SCATTER_X: Record<ScatterX, { label: string; short: string; value: (p: PairPredictors) => number }> = {
  chesNormalized: { label: 'normalised CHES', short: 'norm. CHES', value: (p) => p.chesNormalized },
  ches: { label: 'CHES', short: 'CHES', value: (p) => p.ches },
  editDistance: { label: 'token edit distance', short: 'edit distance', value: (p) => p.editDistance },
};
