// Conversational rows: message validation and the plain default chat template.
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
