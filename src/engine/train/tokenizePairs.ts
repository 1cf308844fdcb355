// Truncates token pairs once, up front, so every batch, the reference cache and evaluation see the same tokens.
import { buildBatch, droppedReason, truncatePair, type BuiltBatch, type SequencePair, type TruncationMode } from './batch';
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
  /** keep_start only: pairs whose prompt alone fills maxLength, dropped as TRL drops them (index: position in the input). */
  dropped: { index: number; reason: string }[];
}

/** Scored tokens of a row, mirroring buildBatch's mask (token 0 is never scored). */
function scoredLength(s: SequencePair): number {
  return s.prompt.length + s.completion.length - Math.max(1, s.prompt.length);
}

/**
 * Cuts every pair once by the run's truncation mode. Under keep_start (TRL's), a pair whose prompt alone fills
 * maxLength would keep no completion token, so it is dropped, as TRL's _prepare_dataset drops it; `kept` maps the
 * items (numbered 0..n-1) back to their positions in `pairs`.
 */
export function tokenizePairs(
  pairs: TokenPair[],
  maxLength: number,
  mode: TruncationMode = 'keep_start',
): { items: TokenizedPair[]; kept: number[]; report: TruncationReport } {
  const report: TruncationReport = { pairs: 0, chosenRows: 0, rejectedRows: 0, emptyCompletion: [], dropped: [] };
  const items: TokenizedPair[] = [];
  const kept: number[] = [];
  pairs.forEach((p, source) => {
    if (mode === 'keep_start' && p.prompt.length >= maxLength) {
      report.dropped.push({ index: source, reason: droppedReason(p.prompt.length, maxLength) });
      return;
    }
    const index = items.length;
    const c = truncatePair({ prompt: p.prompt, completion: p.chosen }, maxLength, mode);
    const l = truncatePair({ prompt: p.prompt, completion: p.rejected }, maxLength, mode);
    const chosen = { prompt: c.prompt, completion: c.completion };
    const rejected = { prompt: l.prompt, completion: l.completion };
    const lenC = Math.max(0, scoredLength(chosen));
    const lenL = Math.max(0, scoredLength(rejected));
    if (c.truncated) report.chosenRows++;
    if (l.truncated) report.rejectedRows++;
    if (c.truncated || l.truncated) report.pairs++;
    if (lenC === 0 || lenL === 0) report.emptyCompletion.push(index);
    items.push({ index, chosen, rejected, lenC, lenL, truncated: c.truncated || l.truncated });
    kept.push(source);
  });
  return { items, kept, report };
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
