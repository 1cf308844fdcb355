// Which evaluations the lab shows: the current prepared run's only, at the step the slider is at.
import type { EvalResult } from '../../engine/train/evaluate';
import type { PreparedRun } from '../../worker/protocol';
import { labSteps } from './alignedData';

const NONE: Record<string, EvalResult[]> = {};

/**
 * The lab's evaluations when they belong to the run prepared now, else none: between a new prepare and that run's first
 * evaluation the store still holds the previous run's, which the charts must not show beside the new curves.
 */
export function currentLabEvals(s: { labEvals: Record<string, EvalResult[]>; labRun: PreparedRun | null; prepared: PreparedRun | null }): Record<string, EvalResult[]> {
  return s.labRun !== null && s.labRun === s.prepared ? s.labEvals : NONE;
}

/** The slider's step: the chosen one while it exists, else the latest evaluation's (0 with none). */
export function shownLabStep(evals: Record<string, EvalResult[]>, chosen: number | null): number {
  const steps = labSteps(evals);
  return chosen !== null && steps.includes(chosen) ? chosen : (steps[steps.length - 1] ?? 0);
}

/** An arm's latest evaluation at or before `step`. */
export function evalAt(list: EvalResult[] | undefined, step: number): EvalResult | undefined {
  let at: EvalResult | undefined;
  for (const e of list ?? []) if (e.step <= step && (!at || e.step >= at.step)) at = e;
  return at;
}
