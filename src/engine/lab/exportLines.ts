// JSONL rows of the evaluation exports, shared by the CLI (examples.jsonl, token_displacement.jsonl) and the studio's
// download buttons. tf-free.
import type { EvalResult } from '../train/evaluate';
import type { PairPredictors } from './predictors';

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

/** Per evaluation, per arm, per pair; `fields(index)` adds the pair's own columns (predictorFields). */
export function exampleLines(evals: EvalResult[], fields: (index: number) => Record<string, unknown>): string {
  return jsonl(
    evals.flatMap((ev) =>
      ev.examples.map((x) => ({
        index: x.index,
        arm: ev.arm,
        step: ev.step,
        policy_chosen_logp: x.pc,
        policy_rejected_logp: x.pl,
        reference_chosen_logp: x.rc,
        reference_rejected_logp: x.rl,
        chosen_length: x.lenC,
        rejected_length: x.lenL,
        ...fields(x.index),
      })),
    ),
  );
}

/** examples.jsonl's predictor columns of a pair (null when the pair was not scored). */
export function predictorFields(prepared: { predictors?: PairPredictors[]; sourceIndex?: number[] } | null): (index: number) => Record<string, unknown> {
  const by = new Map<number, PairPredictors>((prepared?.predictors ?? []).map((p) => [p.index, p]));
  return (index) => {
    const p = by.get(index);
    return {
      source_index: prepared?.sourceIndex?.[index] ?? index,
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
  return jsonl(evals.flatMap((ev) => (ev.displacement ?? []).map((p) => ({ arm: ev.arm, step: ev.step, side: p.side, offset: p.offset, mean_delta: p.meanDelta, pairs: p.pairs }))));
}
