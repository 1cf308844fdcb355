// Token-level statistics of preference pairs: edit distance, first differing token, lengths, truncation.
import type { PreferencePair } from './types';

export type Encode = (text: string) => number[];

/** Token-level Levenshtein distance: O(n·m) time, two rows of memory; shared ends are stripped first. */
export function levenshtein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0, ea = a.length, eb = b.length;
  while (s < ea && s < eb && a[s] === b[s]) s++;
  while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) (ea--, eb--);
  const n = ea - s, m = eb - s;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev = new Int32Array(m + 1), cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ai = a[s + i - 1];
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (ai === b[s + j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[m];
}

/** Index of the first differing token; the shorter length if one is a prefix of the other; -1 if equal. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export interface PairTokenStats {
  promptTokens: number;
  chosenTokens: number;
  rejectedTokens: number;
  editDistance: number;
  firstDiff: number;
  /** prompt + the longer completion exceeds maxLength, so something gets cut. */
  truncated: boolean;
  /**
   * Too long after truncation: keeping the prompt and cutting completions at maxLength removes the
   * first differing token, so chosen and rejected look identical and the pair teaches nothing.
   */
  tooLong: boolean;
}

/** Completions are encoded on their own (not after the prompt); BPE merges across the seam are ignored. */
export function pairTokenStats(pair: PreferencePair, encode: Encode, maxLength?: number): PairTokenStats {
  const p = encode(pair.prompt).length;
  const c = encode(pair.chosen);
  const r = encode(pair.rejected);
  const fd = firstDifference(c, r);
  const truncated = maxLength !== undefined && p + Math.max(c.length, r.length) > maxLength;
  const tooLong = maxLength !== undefined && fd >= 0 && p + fd >= maxLength;
  return { promptTokens: p, chosenTokens: c.length, rejectedTokens: r.length, editDistance: levenshtein(c, r), firstDiff: fd, truncated, tooLong };
}

/** Bin i counts values in [edges[i], edges[i+1]); the last bin is open-ended. JSON-safe (no Infinity). */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export const LENGTH_EDGES = [0, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];
/** Fine at the low end: a one-token change is the regime where DPO lowers the chosen likelihood. */
export const EDIT_EDGES = [0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500];

export function histogram(values: number[], edges: number[]): Histogram {
  const counts = new Array<number>(edges.length).fill(0);
  for (const v of values) {
    let i = edges.length - 1;
    while (i > 0 && v < edges[i]) i--;
    if (v >= edges[0]) counts[i]++;
  }
  return { edges: [...edges], counts };
}

export interface DatasetSummary {
  pairs: number;
  truncated: number;
  tooLong: number;
  meanChosenTokens: number;
  meanRejectedTokens: number;
  meanEditDistance: number;
  medianEditDistance: number;
  /** Pairs whose completions differ by at most 3 tokens (the paper's failure regime for DPO). */
  smallEdit: number;
  chosenLength: Histogram;
  rejectedLength: Histogram;
  editDistance: Histogram;
}

export function summarize(stats: PairTokenStats[]): DatasetSummary {
  const n = stats.length;
  const mean = (f: (s: PairTokenStats) => number) => (n ? stats.reduce((a, s) => a + f(s), 0) / n : 0);
  const eds = stats.map((s) => s.editDistance).sort((a, b) => a - b);
  const median = n === 0 ? 0 : n % 2 ? eds[(n - 1) / 2] : (eds[n / 2 - 1] + eds[n / 2]) / 2;
  return {
    pairs: n,
    truncated: stats.filter((s) => s.truncated).length,
    tooLong: stats.filter((s) => s.tooLong).length,
    meanChosenTokens: mean((s) => s.chosenTokens),
    meanRejectedTokens: mean((s) => s.rejectedTokens),
    meanEditDistance: mean((s) => s.editDistance),
    medianEditDistance: median,
    smallEdit: stats.filter((s) => s.editDistance <= 3).length,
    chosenLength: histogram(stats.map((s) => s.chosenTokens), LENGTH_EDGES),
    rejectedLength: histogram(stats.map((s) => s.rejectedTokens), LENGTH_EDGES),
    editDistance: histogram(eds, EDIT_EDGES),
  };
}

/** Per-pair stats and the dataset summary in one pass over the pairs. */
export function datasetStats(pairs: Iterable<PreferencePair>, encode: Encode, maxLength?: number): { perPair: PairTokenStats[]; summary: DatasetSummary } {
  const perPair: PairTokenStats[] = [];
  for (const p of pairs) perPair.push(pairTokenStats(p, encode, maxLength));
  return { perPair, summary: summarize(perPair) };
}
