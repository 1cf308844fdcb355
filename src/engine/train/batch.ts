// Packing tokenised (prompt, completion) rows into one right-padded batch, and the two truncation modes.
import type { TokenBatch } from '../model/logProbs';

export interface SequencePair {
  prompt: number[];
  completion: number[];
}

export interface BuiltBatch extends TokenBatch {
  /** Completion tokens kept per row after truncation. */
  lengths: number[];
  /** Rows that lost tokens to truncation. */
  truncated: number;
}

/** How a row longer than maxLength is cut: TRL's keep_start (its only mode for DPO that keeps the prompt) or the prompt's tail. */
export type TruncationMode = 'keep_start' | 'keep_prompt_tail';
export const TRUNCATION_MODES: readonly TruncationMode[] = ['keep_start', 'keep_prompt_tail'];

/** Why keep_start drops a pair: with its prompt alone filling maxLength no completion token would be left. */
export function droppedReason(promptTokens: number, maxLength: number): string {
  return `the prompt alone has ${promptTokens} tokens, filling max length ${maxLength}`;
}

export interface TruncatedRow {
  prompt: number[];
  completion: number[];
  truncated: boolean;
}

/**
 * TRL's collator: prompt + completion cut to its first maxLength tokens, so the completion's tail (and its EOS) goes
 * first, then the prompt's.
 */
export function truncateKeepStart(s: SequencePair, maxLength: number): TruncatedRow {
  if (s.prompt.length + s.completion.length <= maxLength) return { prompt: s.prompt, completion: s.completion, truncated: false };
  const prompt = s.prompt.slice(0, maxLength);
  return { prompt, completion: s.completion.slice(0, maxLength - prompt.length), truncated: true };
}

/**
 * The studio's own mode (TRL has none like it): the prompt is cut from the left (its end, nearest the answer, is kept)
 * down to what leaves the completion room, but to no fewer than min(prompt length, maxLength/2) tokens; then the
 * completion is cut on the right.
 */
export function truncateKeepPromptTail(s: SequencePair, maxLength: number): TruncatedRow {
  const total = s.prompt.length + s.completion.length;
  if (total <= maxLength) return { prompt: s.prompt, completion: s.completion, truncated: false };
  const keepPrompt = Math.max(Math.min(s.prompt.length, Math.floor(maxLength / 2)), maxLength - s.completion.length);
  const prompt = s.prompt.slice(s.prompt.length - Math.min(keepPrompt, s.prompt.length));
  const completion = s.completion.slice(0, maxLength - prompt.length);
  return { prompt, completion, truncated: true };
}

export function truncatePair(s: SequencePair, maxLength: number, mode: TruncationMode = 'keep_start'): TruncatedRow {
  return mode === 'keep_start' ? truncateKeepStart(s, maxLength) : truncateKeepPromptTail(s, maxLength);
}

/**
 * Packs rows into one right-padded batch; T is the longest row (at most maxLength). Rows are cut as TRL's collator
 * cuts them (keep_start); tokenizePairs has already cut them by the run's mode, so this only guards direct callers.
 */
export function buildBatch(rows: SequencePair[], maxLength: number, padId = 0): BuiltBatch {
  const cut = rows.map((r) => truncateKeepStart(r, maxLength));
  const T = Math.max(2, ...cut.map((r) => r.prompt.length + r.completion.length));
  const B = rows.length;
  const ids = new Int32Array(B * T).fill(padId);
  const mask = new Float32Array(B * T);
  const lengths: number[] = [];
  cut.forEach((r, b) => {
    const seq = r.prompt.concat(r.completion);
    ids.set(seq, b * T);
    let n = 0;
    // Token 0 has nothing before it to predict it from, so it is never scored.
    for (let t = Math.max(1, r.prompt.length); t < seq.length; t++, n++) mask[b * T + t] = 1;
    lengths.push(n);
  });
  return { ids, mask, B, T, lengths, truncated: cut.filter((r) => r.truncated).length };
}
