import { expect, test } from 'vitest';
import { defaultThreads, resolveThreads } from './wasmThreads';

test('threads default to the cores minus one, at least 1, and need cross-origin isolation above 1', () => {
  expect([1, 2, 3, 8, 0].map((c) => defaultThreads(c))).toEqual([1, 1, 2, 7, 1]);
  expect(resolveThreads('auto', true, 8)).toEqual({ threads: 7 });
  expect(resolveThreads(undefined, true, 2)).toEqual({ threads: 1 });
  expect(resolveThreads(4, true, 2)).toEqual({ threads: 4 });
  const r = resolveThreads(4, false, 8);
  expect(r.threads).toBe(1);
  expect(r.note).toMatch(/4 threads asked for, but the page is not cross-origin isolated/);
});
