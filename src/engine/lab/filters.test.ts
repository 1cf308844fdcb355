import { describe, expect, test } from 'vitest';
import { applyFilters } from './filters';
import { spearman } from './spearman';

// Six pairs: CHES ranks (low → high) 3, 0, 5, 1, 4, 2; edit distances 1, 1, 4, 9, 12, 15.
const pairs = [
  { index: 0, chesNormalized: -1, editDistance: 1 },
  { index: 1, chesNormalized: 2, editDistance: 1 },
  { index: 2, chesNormalized: 9, editDistance: 4 },
  { index: 3, chesNormalized: -5, editDistance: 9 },
  { index: 4, chesNormalized: 3, editDistance: 12 },
  { index: 5, chesNormalized: 0, editDistance: 15 },
];

describe('applyFilters', () => {
  test('the bottom half by normalised CHES keeps the three lowest, in input order', () => {
    expect(applyFilters(pairs, { chesBottom: 0.5 })).toEqual({ kept: [0, 3, 5], counts: [{ filter: 'bottom 0.5 by normalised CHES', before: 6, kept: 3 }] });
  });
  test('the top third keeps the two highest', () => {
    expect(applyFilters(pairs, { chesTop: 1 / 3 }).kept).toEqual([2, 4]);
  });
  test('an edit band, then a CHES fraction of what is left, each counted', () => {
    const r = applyFilters(pairs, { editMin: 2, editMax: 12, chesBottom: 0.5 });
    // Band keeps 2, 3, 4 (distances 4, 9, 12); half of 3 rounds to 2: the lowest CHES are 3 (−5) and 4 (3).
    expect(r.kept).toEqual([3, 4]);
    expect(r.counts).toEqual([
      { filter: 'edit distance ≥ 2', before: 6, kept: 4 },
      { filter: 'edit distance ≤ 12', before: 4, kept: 3 },
      { filter: 'bottom 0.5 by normalised CHES', before: 3, kept: 2 },
    ]);
  });
  test('an empty band keeps nothing and says so', () => {
    expect(applyFilters(pairs, { editMin: 100 })).toEqual({ kept: [], counts: [{ filter: 'edit distance ≥ 100', before: 6, kept: 0 }] });
  });
});

describe('spearman', () => {
  test('monotone data give ±1; ties take average ranks (closed form)', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 25, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // Ranks x = 1, 2.5, 2.5, 4 and y = 1, 2, 3, 4: Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5 → ρ = 4.5/√22.5.
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});
