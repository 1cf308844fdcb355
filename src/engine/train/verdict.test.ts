import { describe, expect, it } from 'vitest';
import { crossingText, firstCrossings, verdict, type LoggedPoint } from './verdict';

const pt = (step: number, dc: number, margin: number): LoggedPoint => ({ step, metrics: { 'delta/chosen': dc, 'rewards/margins': margin } });
/** Chosen Δ rising 0.25 nats per step from 0 at step 1, margins 0.125 (exact in binary, so sums are exact). */
const rising = (n: number) => Array.from({ length: n }, (_, i) => pt(i + 1, 0.25 * i, 0.125 * i));

describe('verdict names the step its numbers refer to and, apart, when the threshold was first crossed', () => {
  it('at step 17 reports step 17 and its value, and the first crossing at step 8', () => {
    const v = verdict(rising(17), 1);
    expect(v.kind).toBe('rose');
    expect(v.step).toBe(17);
    expect(v.fromStep).toBe(13);
    // Mean of steps 13–17: 0.25·(12 + 13 + 14 + 15 + 16) / 5 = 3.5; margins 0.125·14 − 0 = 1.75.
    expect(v.finalChosenDelta).toBe(3.5);
    expect(v.marginGrowth).toBe(1.75);
    expect(v.explanation).toBe(
      "At step 17 the chosen answers' mean log-likelihood is +3.50 nats from the reference (mean of logged steps 13–17; threshold ±1), and the reward margin grew by 1.75 since step 1. The preferred answers became more likely than before training.",
    );
    // Steps 3–7 average exactly 1.0 (not above 1); steps 4–8 average 1.25.
    expect(v.firstCrossedStep).toBe(8);
    expect(crossingText(v)).toBe('It first rose above +1 nats at step 8.');
  });

  it('a verdict computed at every log carries that log’s step and value, while the first crossing stays put', () => {
    const h: LoggedPoint[] = [];
    const seen: [number, string, number | null][] = [];
    for (const p of rising(17)) {
      h.push(p);
      const v = verdict(h, 1);
      seen.push([v.step, v.finalChosenDelta.toFixed(2), v.firstCrossedStep]);
    }
    expect(seen.slice(6)).toEqual([
      [7, '1.00', null],
      [8, '1.25', 8],
      [9, '1.50', 8],
      [10, '1.75', 8],
      [11, '2.00', 8],
      [12, '2.25', 8],
      [13, '2.50', 8],
      [14, '2.75', 8],
      [15, '3.00', 8],
      [16, '3.25', 8],
      [17, '3.50', 8],
    ]);
  });

  it('fell: the first time below −threshold, even after a recovery in between', () => {
    const dcs = [0, -2, -2, -2, 0, 3, 3, 3, 3, 3, -3, -3, -3, -3, -3];
    const h = dcs.map((dc, i) => pt(i + 1, dc, 0.1 * i));
    const v = verdict(h, 1);
    expect(v.kind).toBe('fell');
    expect(v.step).toBe(15);
    expect(v.finalChosenDelta).toBe(-3);
    expect(v.firstCrossedStep).toBe(2);
    expect(crossingText(v)).toBe('It first fell below -1 nats at step 2.');
    expect(v.explanation.startsWith("At step 15 the chosen answers' mean log-likelihood is -3.00 nats from the reference (mean of logged steps 11–15), while")).toBe(true);
    // Steps 2–6 average (−6 + 3)/5 = −0.6: "held" there, with no crossing sentence.
    const held = verdict(h.slice(0, 6), 1);
    expect(held.kind).toBe('held');
    expect(held.firstCrossedStep).toBeNull();
    expect(crossingText(held)).toBeNull();
    expect(firstCrossings(h, 1)).toEqual({ fell: 2, rose: 8 });
  });

  it('the incremental scan agrees with a fresh one and restarts for a new threshold or a rewritten history', () => {
    const h = rising(30);
    const grown: LoggedPoint[] = [];
    for (const p of h) {
      grown.push(p);
      firstCrossings(grown, 1);
    }
    expect(firstCrossings(grown, 1)).toEqual(firstCrossings(h.slice(), 1));
    expect(firstCrossings(grown, 3)).toEqual({ fell: null, rose: 16 });
    grown.length = 5;
    grown.push(pt(6, -10, 0)); // steps 2–6: (0.25 + 0.5 + 0.75 + 1 − 10) / 5 = −1.5
    expect(firstCrossings(grown, 1)).toEqual({ fell: 6, rose: null });
  });

  it('one logged step: the value of that step, no range', () => {
    const v = verdict([pt(1, 0, 0)], 1);
    expect(v.step).toBe(1);
    expect(v.fromStep).toBe(1);
    expect(v.explanation.startsWith("At step 1 the chosen answers' mean log-likelihood is 0 nats from the reference (threshold ±1), and the reward margin is unchanged")).toBe(true);
  });

  it('small changes keep two significant digits, never "-0.00" or "fell by 0.00"', () => {
    // Steps 1–2: mean Δ chosen (0 − 0.0042) / 1 over the tail [step 2] = −0.0042; margins 0 → −0.0004.
    const v = verdict([pt(1, 0, 0), pt(2, -0.0042, -0.0004)], 1);
    expect(v.kind).toBe('held');
    expect(v.explanation).toContain('is -0.0042 nats from the reference');
    expect(v.explanation).toContain('the reward margin fell by 0.00040 since step 1');
    expect(v.explanation).not.toMatch(/-0\.00 |by 0\.00 /);
  });
});
