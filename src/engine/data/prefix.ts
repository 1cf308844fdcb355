// Splitting two full texts into a shared prompt and two completions (implicit-prompt and hh-rlhf rows).

export const HH_ASSISTANT = '\n\nAssistant:';

export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Never split a surrogate pair.
  if (i > 0 && i < n && a.charCodeAt(i - 1) >= 0xd800 && a.charCodeAt(i - 1) <= 0xdbff) i--;
  return i;
}

const WORD = /[\p{L}\p{N}_]/u;

/**
 * Where the prompt ends, given the raw common prefix length k:
 * - hh-rlhf: right after the last "\n\nAssistant:" in the shared part (as TRL's extract_prompt);
 * - otherwise k, moved back to the start of the last whitespace run when k would cut a word
 *   (or leave a completion empty), so completions begin with " word" as BPE tokenisers expect.
 */
export function promptCut(chosen: string, rejected: string): number {
  const k = commonPrefixLength(chosen, rejected);
  const shared = chosen.slice(0, k);
  const hh = shared.lastIndexOf(HH_ASSISTANT);
  if (hh !== -1) return hh + HH_ASSISTANT.length;
  const midWord = (s: string) => k > 0 && k < s.length && WORD.test(s[k - 1]) && WORD.test(s[k]);
  const exhausted = k === chosen.length || k === rejected.length;
  const endsInSpace = k > 0 && /\s/.test(shared[k - 1]);
  if (!midWord(chosen) && !midWord(rejected) && !exhausted && !endsInSpace) return k;
  // Back to where the last whitespace run starts (or 0 if the shared part has none).
  let j = k;
  while (j > 0 && !/\s/.test(shared[j - 1])) j--;
  while (j > 0 && /\s/.test(shared[j - 1])) j--;
  return j;
}

export function splitShared(chosen: string, rejected: string): { prompt: string; chosen: string; rejected: string } {
  const cut = promptCut(chosen, rejected);
  return { prompt: chosen.slice(0, cut), chosen: chosen.slice(cut), rejected: rejected.slice(cut) };
}
