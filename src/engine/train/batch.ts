// Packing tokenised (prompt, completion) rows into one right-padded batch, with the truncation policy.
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

/**
 * Truncation policy (stated in the README): when prompt + completion exceed maxLength, the prompt is cut from the
 * left (its end, nearest the answer, is kept) down to what leaves the completion room, but to no fewer than
 * min(prompt length, maxLength/2) tokens; then the completion is cut on the right.
 */
export function truncatePair(s: SequencePair, maxLength: number): { prompt: number[]; completion: number[]; truncated: boolean } {
  const total = s.prompt.length + s.completion.length;
  if (total <= maxLength) return { prompt: s.prompt, completion: s.completion, truncated: false };
  const keepPrompt = Math.max(Math.min(s.prompt.length, Math.floor(maxLength / 2)), maxLength - s.completion.length);
  const prompt = s.prompt.slice(s.prompt.length - Math.min(keepPrompt, s.prompt.length));
  const completion = s.completion.slice(0, maxLength - prompt.length);
  return { prompt, completion, truncated: true };
}

/** Packs rows into one right-padded batch; T is the longest row (at most maxLength). */
export function buildBatch(rows: SequencePair[], maxLength: number, padId = 0): BuiltBatch {
  const cut = rows.map((r) => truncatePair(r, maxLength));
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
