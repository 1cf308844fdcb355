import { describe, expect, it } from 'vitest';
import { lrAt } from './pretrain';

describe('pretraining schedule', () => {
  it('warms up linearly, then decays linearly to a tenth', () => {
    const o = { lr: 1e-3, warmup: 10, steps: 110 };
    expect(lrAt(0, o)).toBeCloseTo(1e-4, 10);
    expect(lrAt(9, o)).toBeCloseTo(1e-3, 10);
    expect(lrAt(60, o)).toBeCloseTo(1e-3 * (1 - 0.9 * 0.5), 10);
    expect(lrAt(110, o)).toBeCloseTo(1e-4, 10);
  });
});
