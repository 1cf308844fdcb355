// Truncates token pairs once, up front, so every batch, the reference cache and evaluation see the same tokens.
import { buildBatch, truncatePair, type BuiltBatch, type SequencePair } from './batch';
import type { TokenPair } from './types';

export interface TokenizedPair {
  index: number;
  chosen: SequencePair;
  rejected: SequencePair;
  /** Scored completion tokens after truncation (what the loss's |y| means). */
  lenC: number;
  lenL: number;
  truncated: boolean;
}

export interface TruncationReport {
  /** Pairs where either side lost tokens. */
  pairs: number;
  chosenRows: number;
  rejectedRows: number;
  /** Pairs left with no scored token on a side: their log-prob is 0 and they teach nothing on that side. */
  emptyCompletion: number[];
}

/** Scored tokens of a row, mirroring buildBatch's mask (token 0 is never scored). */
function scoredLength(s: SequencePair): number {
  return s.prompt.length + s.completion.length - Math.max(1, s.prompt.length);
}

export function tokenizePairs(pairs: TokenPair[], maxLength: number): { items: TokenizedPair[]; report: TruncationReport } {
  const report: TruncationReport = { pairs: 0, chosenRows: 0, rejectedRows: 0, emptyCompletion: [] };
  const items = pairs.map((p, index) => {
    const c = truncatePair({ prompt: p.prompt, completion: p.chosen }, maxLength);
    const l = truncatePair({ prompt: p.prompt, completion: p.rejected }, maxLength);
    const chosen = { prompt: c.prompt, completion: c.completion };
    const rejected = { prompt: l.prompt, completion: l.completion };
    const lenC = Math.max(0, scoredLength(chosen));
    const lenL = Math.max(0, scoredLength(rejected));
    if (c.truncated) report.chosenRows++;
    if (l.truncated) report.rejectedRows++;
    if (c.truncated || l.truncated) report.pairs++;
    if (lenC === 0 || lenL === 0) report.emptyCompletion.push(index);
    return { index, chosen, rejected, lenC, lenL, truncated: c.truncated || l.truncated };
  });
  return { items, report };
}

/** TRL's concatenated_forward layout: rows 0..B-1 are the chosen sides, rows B..2B-1 the rejected sides. */
export function concatenatedBatch(items: TokenizedPair[], indices: number[], maxLength: number, padId = 0): BuiltBatch {
  const rows = indices.map((i) => items[i].chosen).concat(indices.map((i) => items[i].rejected));
  return buildBatch(rows, maxLength, padId);
}

/** Non-padding tokens in a batch (prompt + completion), for tokens/s. */
export function realTokens(items: TokenizedPair[], indices: number[]): number {
  let n = 0;
  for (const i of indices) {
    const it = items[i];
    n += it.chosen.prompt.length + it.chosen.completion.length + it.rejected.prompt.length + it.rejected.completion.length;
  }
  return n;
}
