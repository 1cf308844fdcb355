import { describe, expect, it } from 'vitest';
import { levenshtein } from './levenshtein';

describe('levenshtein', () => {
  it('counts substitutions, insertions and deletions', () => {
    expect(levenshtein([...'kitten'], [...'sitting'])).toBe(3);
    expect(levenshtein([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(levenshtein([], [1, 2])).toBe(2);
    expect(levenshtein([1, 2, 3, 4], [1, 3, 4])).toBe(1);
  });
});
