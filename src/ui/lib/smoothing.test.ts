import { expect, test } from 'vitest';
import { emaSmooth } from './smoothing';

test('debiased EMA: first point unchanged, then the closed form, gaps kept as gaps', () => {
  const w = 0.5;
  const out = emaSmooth([2, 4, null, 8], w);
  expect(out[0]).toBeCloseTo(2, 12);
  // ((0.5·1 + 2)·… ) by hand: acc1 = 1, acc2 = 0.5 + 2 = 2.5, debias 1 − 0.25 = 0.75 → 10/3.
  expect(out[1]).toBeCloseTo(2.5 / 0.75, 12);
  expect(out[2]).toBeNull();
  // acc3 = 1.25 + 4 = 5.25, debias 1 − 0.125 = 0.875 → 6.
  expect(out[3]).toBeCloseTo(6, 12);
  expect(emaSmooth([1, 5], 0)).toEqual([1, 5]);
});
