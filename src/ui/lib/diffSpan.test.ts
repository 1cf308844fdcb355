import { describe, expect, it } from 'vitest';
import { diffSpan, splitBySpan } from './diffSpan';

describe('diffSpan', () => {
  it('finds the one changed digit', () => {
    const a = ' 17 - 16 = 1. The answer is 1.';
    const b = ' 17 - 16 = 4. The answer is 4.';
    const d = diffSpan(a, b);
    expect(a.slice(d.start, d.endA)).toBe('1. The answer is 1');
    expect(b.slice(d.start, d.endB)).toBe('4. The answer is 4');
  });
  it('handles identical strings and empty strings', () => {
    expect(diffSpan('abc', 'abc')).toEqual({ start: 3, endA: 3, endB: 3 });
    expect(diffSpan('', 'x')).toEqual({ start: 0, endA: 0, endB: 1 });
  });
  it('does not let prefix and suffix overlap', () => {
    const d = diffSpan('aa', 'aaa');
    expect(d).toEqual({ start: 2, endA: 2, endB: 3 });
  });
  it('splits around a span', () => {
    expect(splitBySpan('hello', 1, 3)).toEqual(['h', 'el', 'lo']);
  });
});
