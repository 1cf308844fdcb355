// The likelihood-displacement lab's CLI outputs: per-pair predictor columns of examples.jsonl and token_displacement.jsonl.
import type { PairPredictors } from '../../src/engine/lab/predictors';
import type { EvalResult } from '../../src/engine/train/evaluate';
import type { PreparedRun } from '../../src/worker/protocol';

/** examples.jsonl's predictor columns of a pair (null when the pair was not scored). */
export function predictorFields(prepared: Pick<PreparedRun, 'predictors' | 'sourceIndex'>): (index: number) => Record<string, unknown> {
  const by = new Map<number, PairPredictors>((prepared.predictors ?? []).map((p) => [p.index, p]));
  return (index) => {
    const p = by.get(index);
    return {
      source_index: prepared.sourceIndex?.[index] ?? index,
      edit_distance: p?.editDistance ?? null,
      edit_distance_normalized: p?.editDistanceNormalized ?? null,
      first_diff: p?.firstDiff ?? null,
      ches: p?.ches ?? null,
      ches_normalized: p?.chesNormalized ?? null,
    };
  };
}

/** One row per arm, evaluation step, side and offset from the first differing token. */
export function displacementLines(evals: EvalResult[]): string {
  const rows: string[] = [];
  for (const ev of evals) {
    for (const p of ev.displacement ?? []) rows.push(JSON.stringify({ arm: ev.arm, step: ev.step, side: p.side, offset: p.offset, mean_delta: p.meanDelta, pairs: p.pairs }));
  }
  return rows.join('\n') + (rows.length ? '\n' : '');
}
