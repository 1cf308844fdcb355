import { describe, expect, test } from 'vitest';
import { displacementMetrics } from './displacementMetrics';

describe('displacementMetrics', () => {
  // Pair 0: chosen fell 2 nats; pair 1: rose 1; pair 2: fell 0.5. By hand: 2 of 3 displaced, penalty (2 + 0 + 0.5)/3.
  const pc = [-12, -4, -7.5];
  const rc = [-10, -5, -7];
  test('fractions and the mean penalty equal the hand counts on a 3-pair batch', () => {
    const m = displacementMetrics(pc, rc, true);
    expect(m['displaced/fraction']).toBeCloseTo(2 / 3, 12);
    expect(m['dpop/penalty_active']).toBeCloseTo(2 / 3, 12);
    expect(m['dpop/penalty']).toBeCloseTo(2.5 / 3, 12);
  });
  test('non-DPOP arms get no penalty metrics; equal log-probs are not displaced', () => {
    expect(displacementMetrics(pc, rc, false)).toEqual({ 'displaced/fraction': 2 / 3 });
    expect(displacementMetrics([-1, -2, -3], [-1, -2, -3], true)).toEqual({ 'displaced/fraction': 0, 'dpop/penalty_active': 0, 'dpop/penalty': 0 });
  });
});
