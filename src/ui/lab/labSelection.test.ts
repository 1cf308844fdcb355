import { describe, expect, it } from 'vitest';
import type { EvalResult } from '../../engine/train/evaluate';
import type { PreparedRun } from '../../worker/protocol';
import { currentLabEvals, evalAt, shownLabStep } from './labSelection';

const ev = (arm: string, step: number) => ({ arm, step, examples: [], metrics: {}, displacement: [] }) as unknown as EvalResult;

describe('lab selection', () => {
  const evals = { DPO: [ev('DPO', 0), ev('DPO', 20), ev('DPO', 80)], DPOP: [ev('DPOP', 0), ev('DPOP', 20), ev('DPOP', 80)] };
  it("shows the evaluations only while they belong to the run prepared now", () => {
    const old = {} as PreparedRun;
    const fresh = {} as PreparedRun;
    expect(currentLabEvals({ labEvals: evals, labRun: old, prepared: old })).toBe(evals);
    expect(currentLabEvals({ labEvals: evals, labRun: old, prepared: fresh })).toEqual({});
    expect(currentLabEvals({ labEvals: evals, labRun: old, prepared: null })).toEqual({});
    expect(currentLabEvals({ labEvals: {}, labRun: null, prepared: null })).toEqual({});
  });
  it('the scatter and the aligned chart read the step the slider is at', () => {
    expect(shownLabStep(evals, 20)).toBe(20);
    expect(shownLabStep(evals, null)).toBe(80);
    expect(shownLabStep(evals, 35)).toBe(80); // a step that is no longer there falls back to the latest
    expect(shownLabStep({}, 20)).toBe(0);
    expect(evalAt(evals.DPO, 20)?.step).toBe(20);
    expect(evalAt(evals.DPO, 79)?.step).toBe(20);
    expect(evalAt(evals.DPO, -1)).toBeUndefined();
  });
});
