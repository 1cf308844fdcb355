import { describe, expect, it } from 'vitest';
import { makeRng } from '../rng';
import { EDIT_EDGES, datasetStats, firstDifference, histogram, levenshtein, pairTokenStats } from './stats';

const ids = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
const encode = ids; // one token per character keeps expected values easy to check by hand

/** Full-matrix textbook version, to cross-check the two-row one. */
function naive(a: number[], b: number[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

describe('levenshtein', () => {
  it('known values', () => {
    expect(levenshtein(ids('kitten'), ids('sitting'))).toBe(3);
    expect(levenshtein(ids('flaw'), ids('lawn'))).toBe(2);
    expect(levenshtein(ids('intention'), ids('execution'))).toBe(5);
    expect(levenshtein([], ids('abc'))).toBe(3);
    expect(levenshtein(ids('abc'), [])).toBe(3);
    expect(levenshtein(ids('same'), ids('same'))).toBe(0);
    expect(levenshtein([1, 2, 3, 4], [1, 9, 3, 4])).toBe(1); // one changed digit
  });

  it('matches the full-matrix DP on random token lists', () => {
    const rand = makeRng(7);
    for (let t = 0; t < 200; t++) {
      const mk = () => Array.from({ length: Math.floor(rand() * 12) }, () => Math.floor(rand() * 4));
      const a = mk(), b = mk();
      expect(levenshtein(a, b)).toBe(naive(a, b));
    }
  });
});

describe('per-pair and dataset stats', () => {
  it('first differing token', () => {
    expect(firstDifference([1, 2, 3], [1, 2, 4])).toBe(2);
    expect(firstDifference([1, 2], [1, 2, 3])).toBe(2);
    expect(firstDifference([5], [6])).toBe(0);
    expect(firstDifference([1, 2], [1, 2])).toBe(-1);
  });

  it('truncation flags at the exact boundary', () => {
    const pair = { prompt: 'abcd', chosen: 'xyz1', rejected: 'xyz2', source: { file: 'f', line: 1 } };
    // 4 prompt tokens, completions of 4, first difference at 3.
    expect(pairTokenStats(pair, encode, 7)).toEqual({
      promptTokens: 4, chosenTokens: 4, rejectedTokens: 4, editDistance: 1, firstDiff: 3, truncated: true, tooLong: true,
    });
    expect(pairTokenStats(pair, encode, 8)).toMatchObject({ truncated: false, tooLong: false });
    expect(pairTokenStats(pair, encode, 7.5)).toMatchObject({ truncated: true, tooLong: false }); // 4 + 3 < 7.5: the difference survives
    expect(pairTokenStats(pair, encode)).toMatchObject({ truncated: false, tooLong: false });
  });

  it('histograms use fixed lower edges with an open last bin', () => {
    const h = histogram([0, 1, 1, 2, 4, 7, 600], EDIT_EDGES);
    expect(h.edges).toEqual(EDIT_EDGES);
    expect(h.counts).toEqual([1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('dataset summary', () => {
    const mk = (c: string, r: string, line: number) => ({ prompt: 'Q:', chosen: c, rejected: r, source: { file: 'f', line } });
    const { perPair, summary } = datasetStats([mk(' 12', ' 13', 1), mk(' yes', ' no', 2), mk(' a long answer', ' short', 3)], encode, 6);
    expect(perPair.map((s) => s.editDistance)).toEqual([1, 3, levenshtein(ids(' a long answer'), ids(' short'))]);
    expect(summary).toMatchObject({ pairs: 3, smallEdit: 2, medianEditDistance: 3, truncated: 1, tooLong: 0 });
    expect(summary.meanChosenTokens).toBeCloseTo((3 + 4 + 14) / 3, 10);
    expect(summary.chosenLength.counts.slice(0, 3)).toEqual([2, 1, 0]); // 3 and 4 in [0,8); 14 in [8,16)
  });
});
