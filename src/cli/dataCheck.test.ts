import { describe, expect, it } from 'vitest';
import { isStudioError } from '../engine/errors';
import { assertUsablePairs } from './dataCheck';

const problem = (line: number) => ({ file: 'bin.jsonl', line, reason: 'bad_encoding', message: `bin.jsonl:${line}: bytes are not valid UTF-8` });

function thrown(f: () => void): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
}

describe('assertUsablePairs', () => {
  it('refuses an empty file as an input error', () => {
    const e = thrown(() => assertUsablePairs({ kept: 0, skipped: 0, skippedByReason: {}, problems: [] }, 'data/empty.jsonl'));
    expect(isStudioError(e) && e.kind).toBe('input');
    expect(e.message).toBe('no usable preference pairs in data/empty.jsonl: it has no rows');
  });

  it('refuses a file where every row is bad, quoting the first 5 problems', () => {
    const report = { kept: 0, skipped: 10, skippedByReason: { bad_encoding: 10, malformed_json: 0 }, problems: Array.from({ length: 10 }, (_, i) => problem(i + 1)) };
    const e = thrown(() => assertUsablePairs(report, 'x/bin.jsonl'));
    expect(isStudioError(e) && e.kind).toBe('input');
    expect(e.message.split('\n')).toEqual([
      'no usable preference pairs in x/bin.jsonl (10 rows skipped: 10 bad_encoding)',
      '  bin.jsonl:1: bytes are not valid UTF-8',
      '  bin.jsonl:2: bytes are not valid UTF-8',
      '  bin.jsonl:3: bytes are not valid UTF-8',
      '  bin.jsonl:4: bytes are not valid UTF-8',
      '  bin.jsonl:5: bytes are not valid UTF-8',
      '  … and 5 more',
    ]);
    expect(isStudioError(e) && e.place).toEqual({ file: 'x/bin.jsonl', line: 1, field: '--data' });
  });

  it('passes a file with one good row and keeps its bad ones in the report', () => {
    const report = { kept: 1, skipped: 2, skippedByReason: { malformed_json: 2 }, problems: [problem(2), problem(3)] };
    expect(() => assertUsablePairs(report, 'mixed.jsonl')).not.toThrow();
    expect(report.problems).toHaveLength(2);
  });
});
