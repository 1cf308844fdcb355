// data/train.jsonl of the TRL project: the pairs the studio trained on, in TRL's explicit-prompt form.
import type { PreferencePair } from '../../data/types';

/**
 * The pairs a run trained on: the first maxPairs parsed pairs, then (when a pair filter ran) the kept ones, in the
 * order prepare's sourceIndex gives them.
 */
export function trainedPairs(pairs: readonly PreferencePair[], maxPairs?: number, sourceIndex?: readonly number[]): PreferencePair[] {
  const first = pairs.slice(0, maxPairs ?? pairs.length);
  return sourceIndex ? sourceIndex.map((i) => first[i]).filter((p): p is PreferencePair => p !== undefined) : first;
}

/**
 * One JSON object a line. Chat pairs keep their messages when the model has a chat template and every pair is a chat
 * pair (TRL renders them with it, as the studio did; a dataset cannot mix messages and text); otherwise every pair is
 * the text the studio tokenised (the plain template for chat pairs).
 */
export function trlPairLines(pairs: readonly PreferencePair[], modelHasChatTemplate: boolean): { text: string; conversational: number } {
  const chat = modelHasChatTemplate && pairs.length > 0 && pairs.every((p) => p.messages);
  let conversational = 0;
  const lines = pairs.map((p) => {
    if (chat && p.messages) {
      conversational++;
      return JSON.stringify({ prompt: p.messages.prompt, chosen: p.messages.chosen, rejected: p.messages.rejected });
    }
    return JSON.stringify({ prompt: p.prompt, chosen: p.chosen, rejected: p.rejected });
  });
  return { text: lines.join('\n') + (lines.length ? '\n' : ''), conversational };
}
