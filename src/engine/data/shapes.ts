// Recognising a row's shape and turning a row into (prompt, chosen, rejected) text, or a precise problem.
import { badMessage, commonMessagePrefix, plainChatTemplate, splitConversation } from './chat';
import { fromAlpaca, fromSharegpt, fromV1, type Converted } from './llamaFactory';
import { HH_ASSISTANT, splitShared } from './prefix';
import type { ChatMessage, ColumnMapping, PairMessages, RenderChat, Shape, SkipReason } from './types';

/** Columns each known shape reads; prompt is optional for conversational rows. */
export const SHAPE_COLUMNS: Record<Exclude<Shape, 'mapped'>, ColumnMapping> = {
  explicit: { prompt: 'prompt', chosen: 'chosen', rejected: 'rejected' },
  implicit: { chosen: 'chosen', rejected: 'rejected' },
  'hh-rlhf': { chosen: 'chosen', rejected: 'rejected' },
  conversational: { prompt: 'prompt', chosen: 'chosen', rejected: 'rejected' },
  orca: { system: 'system', prompt: 'question', chosen: 'chosen', rejected: 'rejected' },
  distilabel: { prompt: 'instruction', chosen: 'chosen_response', rejected: 'rejected_response' },
  ultrafeedback: { prompt: 'prompt', chosen: 'chosen', rejected: 'rejected' },
  argilla: { prompt: 'prompt', chosen: 'chosen', rejected: 'rejected' },
  // LLaMA-Factory rows are rewritten first (llamaFactory.ts); these name the columns they come from.
  'llama-factory': { prompt: 'conversations', chosen: 'chosen', rejected: 'rejected', system: 'system' },
  'llama-factory-alpaca': { prompt: 'instruction', chosen: 'chosen', rejected: 'rejected', system: 'system' },
  'llama-factory-v1': { chosen: 'chosen_messages', rejected: 'rejected_messages' },
};

/** How the data report names each shape. */
export const SHAPE_LABELS: Record<Shape, string> = {
  explicit: 'TRL explicit prompt',
  implicit: 'TRL implicit prompt',
  'hh-rlhf': 'Anthropic hh-rlhf',
  conversational: 'TRL conversational',
  orca: 'orca_dpo_pairs',
  distilabel: 'distilabel (instruction, chosen_response, rejected_response)',
  ultrafeedback: 'UltraFeedback binarized (prompt, chosen/rejected messages, score_chosen/score_rejected)',
  argilla: 'Argilla preferences (prompt, chosen/rejected messages, ratings)',
  'llama-factory': 'LLaMA-Factory sharegpt preference (conversations, chosen, rejected)',
  'llama-factory-alpaca': 'LLaMA-Factory alpaca preference (instruction, input, chosen, rejected)',
  'llama-factory-v1': 'LLaMA-Factory v1 (chosen_messages, rejected_messages)',
  mapped: 'column mapping',
};

/** Columns of each scored message-list shape that say it is that shape. */
const SCORE_MARKS: [Exclude<Shape, 'mapped'>, string[]][] = [
  ['ultrafeedback', ['score_chosen', 'score_rejected']],
  ['argilla', ['chosen-rating', 'rejected-rating', 'chosen_rating', 'rejected_rating', 'rating_chosen', 'rating_rejected', 'chosen-model']],
];

const has = (row: Record<string, unknown>, k: string) => row[k] !== undefined && row[k] !== null;

/** The shape a row looks like, or null if it has no recognisable chosen/rejected pair. */
export function detectShape(row: Record<string, unknown>): Exclude<Shape, 'mapped'> | null {
  if (has(row, 'chosen_messages') && has(row, 'rejected_messages')) return 'llama-factory-v1';
  if (has(row, 'chosen_response') && has(row, 'rejected_response')) return 'distilabel';
  if (!has(row, 'chosen') || !has(row, 'rejected')) return null;
  const single = typeof row.chosen === 'object' && !Array.isArray(row.chosen);
  if (single && (Array.isArray(row.conversations) || Array.isArray(row.messages))) return 'llama-factory';
  if (Array.isArray(row.chosen)) return SCORE_MARKS.find(([, cols]) => cols.some((c) => has(row, c)))?.[0] ?? 'conversational';
  if (has(row, 'question')) return 'orca';
  if (has(row, 'prompt')) return 'explicit';
  if (has(row, 'instruction')) return 'llama-factory-alpaca';
  if (typeof row.chosen === 'string' && row.chosen.includes(HH_ASSISTANT)) return 'hh-rlhf';
  return 'implicit';
}

export type Normalised =
  | { ok: true; prompt: string; chosen: string; rejected: string; messages?: PairMessages }
  | { ok: false; reason: SkipReason; field: string; detail: string };

const bad = (reason: SkipReason, field: string, detail: string): Normalised => ({ ok: false, reason, field, detail });
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const blank = (s: string) => s.trim() === '';

const CONVERTERS: Partial<Record<Shape, (row: Record<string, unknown>) => Converted>> = {
  'llama-factory': fromSharegpt,
  'llama-factory-alpaca': fromAlpaca,
  'llama-factory-v1': fromV1,
};

/** One row of a known shape (or the caller's mapping) to text: LLaMA-Factory rows are rewritten in TRL's form first. */
export function normaliseShaped(row: Record<string, unknown>, shape: Shape, mapping: ColumnMapping | undefined, render?: RenderChat): Normalised {
  const convert = CONVERTERS[shape];
  if (!convert) return normaliseRow(row, shape, shape === 'mapped' ? mapping! : SHAPE_COLUMNS[shape], render);
  const c = convert(row);
  return c.ok ? normaliseRow(c.row, 'conversational', c.cols, render) : c;
}

/**
 * One row to text. Text rows with a system column are rendered as chat (system + user turn) so the
 * system prompt has a place; plain text prompts are kept verbatim. Missing prompts are the shared prefix.
 */
export function normaliseRow(
  row: Record<string, unknown>,
  shape: Shape,
  cols: ColumnMapping,
  render: RenderChat = plainChatTemplate,
): Normalised {
  for (const f of [cols.chosen, cols.rejected]) if (!has(row, f)) return bad('missing_field', f, 'missing');
  const c = row[cols.chosen];
  const r = row[cols.rejected];
  const chat = Array.isArray(c) || Array.isArray(r);
  for (const [f, v] of [[cols.chosen, c], [cols.rejected, r]] as const) {
    if (chat && !Array.isArray(v)) return bad('wrong_type', f, `expected a list of messages, got ${typeName(v)}`);
    if (!chat && typeof v !== 'string') return bad('wrong_type', f, `expected text, got ${typeName(v)}`);
  }
  if (chat) return normaliseChat(row, shape, cols, c as unknown[], r as unknown[], render);

  const promptOptional = shape === 'conversational';
  const p = cols.prompt === undefined ? undefined : row[cols.prompt];
  if (cols.prompt !== undefined && !has(row, cols.prompt) && !promptOptional) return bad('missing_field', cols.prompt, 'missing');
  if (cols.prompt !== undefined && p != null && typeof p !== 'string') return bad('wrong_type', cols.prompt, `expected text, got ${typeName(p)}`);
  const s = cols.system === undefined ? undefined : row[cols.system];
  if (cols.system !== undefined && s != null && typeof s !== 'string') return bad('wrong_type', cols.system, `expected text, got ${typeName(s)}`);

  const cs = c as string, rs = r as string;
  if (blank(cs)) return bad('empty_text', cols.chosen, 'empty');
  if (blank(rs)) return bad('empty_text', cols.rejected, 'empty');
  if (cs === rs) return bad('chosen_equals_rejected', cols.chosen, 'chosen and rejected are identical');

  if (typeof p === 'string') {
    if (cols.system === undefined) return { ok: true, prompt: p, chosen: cs, rejected: rs };
    // A system prompt only has a place in a chat: the turns are kept so a model's own template can render them later.
    const turns: ChatMessage[] = [...(typeof s === 'string' && !blank(s) ? [{ role: 'system', content: s }] : []), { role: 'user', content: p }];
    const messages = { prompt: turns, chosen: [{ role: 'assistant', content: cs }], rejected: [{ role: 'assistant', content: rs }] };
    return { ok: true, prompt: render(turns, true), chosen: cs, rejected: rs, messages };
  }
  const split = splitShared(cs, rs);
  if (blank(split.chosen) || blank(split.rejected)) {
    const f = blank(split.chosen) ? cols.chosen : cols.rejected;
    return bad('empty_text', f, 'nothing left after removing the shared prompt');
  }
  return { ok: true, ...split };
}

function normaliseChat(
  row: Record<string, unknown>,
  shape: Shape,
  cols: ColumnMapping,
  c: unknown[],
  r: unknown[],
  render: RenderChat,
): Normalised {
  for (const [f, v] of [[cols.chosen, c], [cols.rejected, r]] as const) {
    const where = badMessage(v, f);
    if (where) return bad('wrong_type', where, 'expected {role: string, content: string}');
    if (v.length === 0) return bad('empty_text', f, 'no messages');
  }
  const cm = c as ChatMessage[], rm = r as ChatMessage[];
  let promptMsgs: ChatMessage[] = [];
  const p = cols.prompt === undefined ? undefined : row[cols.prompt];
  if (cols.prompt !== undefined && p == null && shape !== 'conversational') return bad('missing_field', cols.prompt, 'missing');
  if (Array.isArray(p)) {
    const where = badMessage(p, cols.prompt!);
    if (where) return bad('wrong_type', where, 'expected {role: string, content: string}');
    promptMsgs = p as ChatMessage[];
  } else if (typeof p === 'string') promptMsgs = [{ role: 'user', content: p }];
  else if (p != null) return bad('wrong_type', cols.prompt!, `expected text or messages, got ${typeName(p)}`);

  // Turns shared by both lists are the prompt (UltraFeedback repeats the user turn in chosen/rejected).
  const k = commonMessagePrefix(cm, rm);
  if (k === cm.length && k === rm.length) return bad('chosen_equals_rejected', cols.chosen, 'chosen and rejected are identical');
  if (k > 0) promptMsgs = cm.slice(0, k);
  const cRest = cm.slice(k), rRest = rm.slice(k);
  if (cRest.length === 0 || cRest.every((m) => blank(m.content))) return bad('empty_text', cols.chosen, 'no reply beyond the shared turns');
  if (rRest.length === 0 || rRest.every((m) => blank(m.content))) return bad('empty_text', cols.rejected, 'no reply beyond the shared turns');

  // The text with the parse-time template (plain unless the caller passed one); the turns go along for a model's template.
  const { prompt, chosen, rejected } = splitConversation(render, promptMsgs, cRest, rRest);
  return { ok: true, prompt, chosen, rejected, messages: { prompt: promptMsgs, chosen: cRest, rejected: rRest } };
}
