import { describe, expect, it } from 'vitest';
import { resultTokenPositions } from './encode';

describe('resultTokenPositions', () => {
  it('marks the digits after each "=" and nothing else', () => {
    // ids: 7 = "=", 1..3 digits, 9 = ".", 5 = other
    const ids = [1, 5, 2, 7, 1, 3, 9, 3, 7, 2, 9, 5, 2];
    expect(resultTokenPositions(ids, 7, new Set([1, 2, 3]))).toEqual([4, 5, 9]);
  });
});
