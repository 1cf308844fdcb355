// Character-level common prefix/suffix of chosen vs rejected: the span where the two answers differ.

export interface DiffSpan {
  /** Length of the common prefix. */
  start: number;
  /** End (exclusive) of the differing span in `a`. */
  endA: number;
  /** End (exclusive) of the differing span in `b`. */
  endB: number;
}

export function diffSpan(a: string, b: string): DiffSpan {
  const n = Math.min(a.length, b.length);
  let start = 0;
  while (start < n && a[start] === b[start]) start++;
  let suf = 0;
  // The suffix may not overlap the prefix in either string.
  while (suf < n - start && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  return { start, endA: a.length - suf, endB: b.length - suf };
}

/** Splits a string into [before, differing, after] around its span. */
export function splitBySpan(s: string, start: number, end: number): [string, string, string] {
  return [s.slice(0, start), s.slice(start, end), s.slice(end)];
}
