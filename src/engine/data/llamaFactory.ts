// LLaMA-Factory preference rows (sharegpt, alpaca pairwise, v1 messages) turned into rows the TRL normaliser reads.
import type { ChatMessage, ColumnMapping, SkipReason } from './types';

/** A row rewritten in TRL's conversational or explicit form, with the columns that now hold each part. */
export type Converted =
  | { ok: true; row: Record<string, unknown>; cols: ColumnMapping }
  | { ok: false; reason: SkipReason; field: string; detail: string };

const bad = (field: string, detail: string, reason: SkipReason = 'wrong_type'): Converted => ({ ok: false, reason, field, detail });
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** LLaMA-Factory's default sharegpt tags, and the openai-style tags its "messages" column uses. */
const TAGS = {
  sharegpt: { role: 'from', content: 'value', user: 'human', assistant: 'gpt', observation: 'observation', function: 'function_call', system: 'system' },
  openai: { role: 'role', content: 'content', user: 'user', assistant: 'assistant', observation: 'tool', function: 'function', system: 'system' },
};
type Tags = (typeof TAGS)['sharegpt'];

/** Chat-template roles: observations are tool results, function calls are assistant turns. */
function roleOf(tag: string, t: Tags): string {
  if (tag === t.user) return 'user';
  if (tag === t.observation) return 'tool';
  if (tag === t.system) return 'system';
  return 'assistant';
}

/**
 * sharegpt ranking rows ({conversations: [{from, value}], chosen: {from: gpt, value}, rejected: {...}}, as dpo_en_demo.json):
 * a leading system turn (or the system column) becomes the system message; turns must alternate human/observation with
 * gpt/function_call and end on the human side, as LLaMA-Factory's converter requires.
 */
export function fromSharegpt(row: Record<string, unknown>): Converted {
  const column = Array.isArray(row.conversations) ? 'conversations' : 'messages';
  const t = column === 'conversations' ? TAGS.sharegpt : TAGS.openai;
  const turns = row[column];
  if (!Array.isArray(turns)) return bad('conversations', turns == null ? 'missing' : `expected a list of {from, value} turns, got ${typeName(turns)}`, turns == null ? 'missing_field' : 'wrong_type');
  const msgs: ChatMessage[] = [];
  let system: unknown = row.system;
  let start = 0;
  for (let i = 0; i < turns.length; i++) {
    const m = turns[i];
    if (!isObject(m)) return bad(`${column}[${i}]`, `expected {${t.role}, ${t.content}}, got ${typeName(m)}`);
    if (typeof m[t.role] !== 'string') return bad(`${column}[${i}].${t.role}`, `expected text, got ${typeName(m[t.role])}`);
    if (typeof m[t.content] !== 'string') return bad(`${column}[${i}].${t.content}`, `expected text, got ${typeName(m[t.content])}`);
    if (i === 0 && m[t.role] === t.system) {
      system = m[t.content];
      start = 1;
      continue;
    }
    const tag = m[t.role] as string;
    const userSide = (i - start) % 2 === 0;
    const allowed = userSide ? [t.user, t.observation] : [t.assistant, t.function];
    if (!allowed.includes(tag)) {
      return bad(`${column}[${i}].${t.role}`, `"${tag}" at turn ${i - start + 1}; expected ${allowed.join(' or ')} (${t.user} and ${t.assistant} turns alternate)`);
    }
    msgs.push({ role: roleOf(tag, t), content: m[t.content] as string });
  }
  if (msgs.length % 2 === 0) {
    const why = msgs.length === 0 ? 'has no user turn' : `ends with a ${t.assistant} turn`;
    return bad(column, `${why}; the last turn must be the ${t.user} turn that chosen and rejected answer`, msgs.length === 0 ? 'empty_text' : 'wrong_type');
  }
  if (system != null && typeof system !== 'string') return bad('system', `expected text, got ${typeName(system)}`);
  const prompt = typeof system === 'string' && system.trim() !== '' ? [{ role: 'system', content: system }, ...msgs] : msgs;
  const out: Record<string, unknown> = { [column]: prompt };
  for (const side of ['chosen', 'rejected'] as const) {
    const m = row[side];
    if (!isObject(m)) return bad(side, `expected one {${t.role}, ${t.content}} message, got ${typeName(m)}`);
    if (m[t.role] !== t.assistant && m[t.role] !== t.function) {
      return bad(`${side}.${t.role}`, `expected "${t.assistant}" or "${t.function}", got ${JSON.stringify(m[t.role]) ?? 'nothing'}`);
    }
    if (typeof m[t.content] !== 'string') return bad(`${side}.${t.content}`, `expected text, got ${typeName(m[t.content])}`);
    out[side] = [{ role: 'assistant', content: m[t.content] }];
  }
  return { ok: true, row: out, cols: { prompt: column, chosen: 'chosen', rejected: 'rejected' } };
}

/**
 * Alpaca pairwise rows ({instruction, input?, chosen, rejected, system?, history?}): the user turn is "instruction\ninput";
 * with a system prompt or a history the row becomes a chat, otherwise the prompt stays plain text.
 */
export function fromAlpaca(row: Record<string, unknown>): Converted {
  for (const f of ['instruction', 'input', 'system'] as const) {
    if (row[f] != null && typeof row[f] !== 'string') return bad(f, `expected text, got ${typeName(row[f])}`);
  }
  for (const f of ['chosen', 'rejected'] as const) if (typeof row[f] !== 'string') return bad(f, `expected text, got ${typeName(row[f])}`);
  const query = [row.instruction, row.input].filter((s): s is string => typeof s === 'string' && s !== '').join('\n');
  if (query.trim() === '') return bad('instruction', row.instruction == null ? 'missing' : 'empty', row.instruction == null ? 'missing_field' : 'empty_text');
  const history = row.history ?? [];
  if (!Array.isArray(history)) return bad('history', `expected a list of [instruction, response] pairs, got ${typeName(history)}`);
  const system = typeof row.system === 'string' && row.system.trim() !== '' ? row.system : undefined;
  if (!system && history.length === 0) {
    return { ok: true, row: { instruction: query, chosen: row.chosen, rejected: row.rejected }, cols: { prompt: 'instruction', chosen: 'chosen', rejected: 'rejected' } };
  }
  const turns: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
  for (let i = 0; i < history.length; i++) {
    const h = history[i];
    if (!Array.isArray(h) || h.length !== 2 || typeof h[0] !== 'string' || typeof h[1] !== 'string') {
      return bad(`history[${i}]`, 'expected [instruction, response] as two texts');
    }
    turns.push({ role: 'user', content: h[0] }, { role: 'assistant', content: h[1] });
  }
  turns.push({ role: 'user', content: query });
  const reply = (s: unknown) => [{ role: 'assistant', content: s as string }];
  return { ok: true, row: { instruction: turns, chosen: reply(row.chosen), rejected: reply(row.rejected) }, cols: { prompt: 'instruction', chosen: 'chosen', rejected: 'rejected' } };
}

/**
 * LLaMA-Factory v1 rows ({chosen_messages, rejected_messages}, each message {role, content: [{type: "text", value}],
 * loss_weight}): text parts are joined; any other part (image_url, audio_url, ...) cannot be trained here.
 */
export function fromV1(row: Record<string, unknown>): Converted {
  const out: Record<string, unknown> = {};
  for (const side of ['chosen_messages', 'rejected_messages'] as const) {
    const list = row[side];
    if (!Array.isArray(list)) return bad(side, `expected a list of messages, got ${typeName(list)}`);
    const msgs: ChatMessage[] = [];
    for (let i = 0; i < list.length; i++) {
      const m = list[i];
      if (!isObject(m)) return bad(`${side}[${i}]`, `expected {role, content}, got ${typeName(m)}`);
      if (typeof m.role !== 'string') return bad(`${side}[${i}].role`, `expected text, got ${typeName(m.role)}`);
      const text = contentText(m.content, `${side}[${i}].content`);
      if (typeof text !== 'string') return text;
      msgs.push({ role: m.role, content: text });
    }
    out[side] = msgs;
  }
  return { ok: true, row: out, cols: { chosen: 'chosen_messages', rejected: 'rejected_messages' } };
}

function contentText(c: unknown, field: string): string | Converted {
  if (typeof c === 'string') return c;
  if (!Array.isArray(c)) return bad(field, `expected text or a list of {type, value} parts, got ${typeName(c)}`);
  let s = '';
  for (let j = 0; j < c.length; j++) {
    const part = c[j];
    if (!isObject(part)) return bad(`${field}[${j}]`, `expected {type, value}, got ${typeName(part)}`);
    if (part.type !== 'text') return bad(`${field}[${j}].type`, `a part of type "${String(part.type)}" cannot be trained on here (text parts only)`);
    if (typeof part.value !== 'string') return bad(`${field}[${j}].value`, `expected text, got ${typeName(part.value)}`);
    s += part.value;
  }
  return s;
}
