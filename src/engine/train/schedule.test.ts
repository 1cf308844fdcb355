import { describe, expect, it } from 'vitest';
import { learningRateAt } from './optimizer';

// transformers' _get_constant_schedule_with_warmup_lr_lambda, transcribed: LambdaLR multiplies the base lr by this at
// the 0-based update index current_step.
function hfConstantWithWarmup(currentStep: number, numWarmupSteps: number): number {
  if (currentStep < numWarmupSteps) return currentStep / Math.max(1.0, numWarmupSteps);
  return 1.0;
}

describe('learningRateAt matches transformers constant_with_warmup', () => {
  it('gives 0, lr/2, lr for warm-up 2 (the issue-25 case)', () => {
    expect([0, 1, 2].map((s) => learningRateAt(s, 0.02, 2))).toEqual([0, 0.01, 0.02]);
  });

  const cases: Array<[warmup: number, total: number]> = [
    [0, 5],
    [1, 4],
    [3, 10],
    [7, 7],
    [9, 4],
    [10, 200],
  ];
  for (const [w, total] of cases) {
    it(`warm-up ${w}, ${total} updates`, () => {
      const lr = 3e-4;
      for (let step = 0; step < total; step++) expect(learningRateAt(step, lr, w)).toBeCloseTo(lr * hfConstantWithWarmup(step, w), 15);
    });
  }

  it('never exceeds lr and is lr from the warm-up length on', () => {
    for (const w of [0, 1, 5]) for (let s = 0; s < 12; s++) expect(learningRateAt(s, 1, w)).toBeLessThanOrEqual(1);
    expect(learningRateAt(5, 1, 5)).toBe(1);
    expect(learningRateAt(4, 1, 5)).toBeCloseTo(0.8, 15);
  });
});
