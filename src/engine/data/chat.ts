// Conversational rows: message validation, the plain default chat template, and TRL's prompt/completion split.
import { commonPrefixLength } from './prefix';
import type { ChatMessage, RenderChat } from './types';

/**
 * Default template, for models without one: each message as "<|role|>\n{content}\n",
 * and "<|assistant|>\n" as the generation prompt. Pass renderChat to use a model's own template.
 */
export const plainChatTemplate: RenderChat = (messages, addGenerationPrompt) =>
  messages.map((m) => `<|${m.role}|>\n${m.content}\n`).join('') + (addGenerationPrompt ? '<|assistant|>\n' : '');

export function isMessageList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** The path of the first bad entry, or null when every entry is {role: string, content: string}. */
export function badMessage(v: unknown[], field: string): string | null {
  for (let i = 0; i < v.length; i++) {
    const m = v[i] as Record<string, unknown> | null;
    if (typeof m !== 'object' || m === null) return `${field}[${i}]`;
    if (typeof m.role !== 'string') return `${field}[${i}].role`;
    if (typeof m.content !== 'string') return `${field}[${i}].content`;
  }
  return null;
}

export function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return a.role === b.role && a.content === b.content;
}

export function commonMessagePrefix(a: ChatMessage[], b: ChatMessage[]): number {
  let k = 0;
  while (k < a.length && k < b.length && sameMessage(a[k], b[k])) k++;
  return k;
}

export interface ConversationSplit {
  prompt: string;
  chosen: string;
  rejected: string;
  /** Set when a full conversation does not start with the rendered prompt (the split then falls back to the shared text). */
  problem?: string;
  /** With a problem: the template's prompt (generation prompt added), which TRL still tokenises as the prompt. */
  templatePrompt?: string;
}

/**
 * TRL's split of a conversational pair: the prompt is the template over the prompt turns with the generation prompt
 * added; each completion is what the full rendered conversation (prompt turns + that side's turns, no generation
 * prompt) adds after it. A template whose generation prompt is not a prefix of the rendered reply gets a problem, and
 * the cut moves to where the two full renderings first differ.
 */
export function splitConversation(
  render: RenderChat,
  prompt: ChatMessage[],
  chosen: ChatMessage[],
  rejected: ChatMessage[],
): ConversationSplit {
  const p = render(prompt, true);
  const fullC = render([...prompt, ...chosen], false);
  const fullR = render([...prompt, ...rejected], false);
  if (fullC.startsWith(p) && fullR.startsWith(p)) return { prompt: p, chosen: fullC.slice(p.length), rejected: fullR.slice(p.length) };
  const sides = [fullC.startsWith(p) ? '' : 'chosen', fullR.startsWith(p) ? '' : 'rejected'].filter(Boolean).join(' and ');
  const cut = commonPrefixLength(fullC, fullR);
  return {
    prompt: fullC.slice(0, cut),
    chosen: fullC.slice(cut),
    rejected: fullR.slice(cut),
    problem: `the rendered ${sides} conversation does not start with the rendered prompt; split where chosen and rejected first differ`,
    templatePrompt: p,
  };
}
