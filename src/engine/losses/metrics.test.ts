import { describe, expect, it } from 'vitest';
import { trlMetrics } from './metrics';

describe('trlMetrics', () => {
  it('computes TRL batch means by hand', () => {
    // hc = [1, −2, 0], hl = [−2, −5, 0] → accuracies 2/3 (the tie does not count).
    const m = trlMetrics({ pc: [-10, -20, -5], pl: [-14, -30, -5], rc: [-11, -18, -5], rl: [-12, -25, -5] }, 0.1);
    expect(m['logps/chosen']).toBeCloseTo(-35 / 3, 10);
    expect(m['logps/rejected']).toBeCloseTo(-49 / 3, 10);
    expect(m['rewards/chosen']).toBeCloseTo((0.1 * -1) / 3, 10);
    expect(m['rewards/rejected']).toBeCloseTo((0.1 * -7) / 3, 10);
    expect(m['rewards/margins']).toBeCloseTo((0.1 * 6) / 3, 10);
    expect(m['rewards/accuracies']).toBeCloseTo(2 / 3, 10);
    expect(m['delta/chosen']).toBeCloseTo(-1 / 3, 10);
    expect(m['delta/rejected']).toBeCloseTo(-7 / 3, 10);
  });

  it('accepts typed arrays and gives NaN for an empty batch', () => {
    const f = new Float32Array([-1]);
    expect(trlMetrics({ pc: f, pl: new Float32Array([-3]), rc: f, rl: f }, 0.5)['rewards/margins']).toBeCloseTo(1, 6);
    expect(trlMetrics({ pc: [], pl: [], rc: [], rl: [] }, 0.1)['loss' as never]).toBeUndefined();
    expect(Number.isNaN(trlMetrics({ pc: [], pl: [], rc: [], rl: [] }, 0.1)['logps/chosen'])).toBe(true);
  });
});
