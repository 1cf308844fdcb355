// A model's own chat template (Jinja, through @huggingface/jinja) and TRL's rendering of conversational pairs with it.
import { Environment, Interpreter, Template } from '@huggingface/jinja';
import { splitConversation } from '../data/chat';
import type { ChatMessage, PreferencePair, RenderChat } from '../data/types';
import { StudioError } from '../errors';
import type { StudioTokenizer } from './tokenizer';

export interface ChatTemplateOptions {
  /** bos_token, eos_token, … as text: what transformers passes to every template. */
  specialTokens?: Record<string, string | undefined>;
  /** More template variables (e.g. a fixed strftime_now for reproducible dates; tools, documents). */
  context?: Record<string, unknown>;
}

/**
 * Compiles a chat template into a renderer: messages plus add_generation_prompt and the special tokens, as
 * transformers' apply_chat_template renders it (tokenize=False). Throws a StudioError if the template does not parse;
 * the renderer throws one when the template raises (raise_exception) or fails on the messages.
 */
export function compileChatTemplate(source: string, opts: ChatTemplateOptions = {}): RenderChat {
  let t: Template;
  try {
    t = new Template(source);
  } catch (e) {
    throw new StudioError(`chat_template: cannot parse the template (${(e as Error).message})`, { field: 'chat_template' });
  }
  const specials: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.specialTokens ?? {})) if (typeof v === 'string') specials[k] = v;
  return (messages, addGenerationPrompt) => {
    try {
      return renderTemplate(t, { messages, add_generation_prompt: addGenerationPrompt, ...specials, ...opts.context });
    } catch (e) {
      throw new StudioError(`chat_template: ${(e as Error).message}`, { field: 'chat_template' });
    }
  };
}

/**
 * Template.render with the library's globals, except that a caller's variable may replace one (the library refuses
 * to redeclare, so strftime_now could not be fixed): same globals, same interpreter.
 */
function renderTemplate(t: Template, vars: Record<string, unknown>): string {
  const globals: Record<string, unknown> = {
    false: false,
    true: true,
    none: null,
    False: false,
    True: true,
    None: null,
    raise_exception: (message: unknown) => {
      throw new Error(String(message));
    },
    range: jinjaRange,
    strftime_now: (format: string) => strftimeNow(format),
  };
  const env = new Environment();
  for (const [k, v] of Object.entries({ ...globals, ...vars })) if (v !== undefined) env.set(k, v);
  return new Interpreter(env).run(t.parsed).value as string;
}

function jinjaRange(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new Error('range() step must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * transformers' strftime_now (Llama 3.x templates write today's date with it): Python's strftime in the C locale, so the
 * month names are English in every browser (the library's own uses the browser's language).
 */
export function strftimeNow(format: string, now = new Date()): string {
  return String(format).replace(/%[YmdbBHMS%]/g, (t) => {
    switch (t) {
      case '%Y': return String(now.getFullYear());
      case '%m': return pad2(now.getMonth() + 1);
      case '%d': return pad2(now.getDate());
      case '%b': return MONTHS[now.getMonth()].slice(0, 3);
      case '%B': return MONTHS[now.getMonth()];
      case '%H': return pad2(now.getHours());
      case '%M': return pad2(now.getMinutes());
      case '%S': return pad2(now.getSeconds());
      default: return '%';
    }
  });
}

export type ModelChat = { render: RenderChat; source: 'chat_template.jinja' | 'tokenizer_config.json' } | { render: null; reason: string };

const chatCache = new WeakMap<StudioTokenizer, ModelChat>();

/** The tokenizer's chat template compiled once, or why there is none to use. */
export function modelChat(tok: StudioTokenizer): ModelChat {
  let c = chatCache.get(tok);
  if (!c) {
    if (!tok.chatTemplate) c = { render: null, reason: tok.chatTemplateNote ?? 'the model has no chat_template' };
    else {
      try {
        c = { render: compileChatTemplate(tok.chatTemplate, { specialTokens: tok.specialTokens }), source: tok.chatTemplateSource ?? 'tokenizer_config.json' };
      } catch (e) {
        c = { render: null, reason: `${tok.chatTemplateSource ?? 'tokenizer_config.json'}: ${(e as Error).message}` };
      }
    }
    chatCache.set(tok, c);
  }
  return c;
}

/** Renders messages with the tokenizer's own template (throws a StudioError when it has none). */
export function applyChatTemplate(tok: StudioTokenizer, messages: ChatMessage[], addGenerationPrompt = false): string {
  const c = modelChat(tok);
  if (!c.render) throw new StudioError(`cannot apply a chat template: ${c.reason}`, { field: 'chat_template' });
  return c.render(messages, addGenerationPrompt);
}

export interface RenderedPair {
  prompt: string;
  chosen: string;
  rejected: string;
  /** model: the model's chat template; plain: the built-in plain template; none: a text pair, used as it is. */
  template: 'model' | 'plain' | 'none';
  /** Why this pair is not (cleanly) in the model's template. */
  problem?: string;
  /** With a problem: the template's own prompt, which TRL tokenises as the prompt (the split text is for display). */
  templatePrompt?: string;
}

/**
 * A parsed pair as the loaded model should see it, TRL-style: a chat pair (it kept its messages) is rendered again with
 * the model's own chat template (prompt = template over the prompt turns with the generation prompt; each completion =
 * what the full conversation adds after it). Without a usable template, or when rendering fails, the pair keeps its
 * parse-time plain-template text. Text pairs pass through unchanged.
 */
export function renderPairForModel(pair: PreferencePair, tok: StudioTokenizer): RenderedPair {
  const asParsed = (template: RenderedPair['template'], problem?: string): RenderedPair => ({
    prompt: pair.prompt,
    chosen: pair.chosen,
    rejected: pair.rejected,
    template,
    ...(problem ? { problem } : {}),
  });
  if (!pair.messages) return asParsed('none');
  const chat = modelChat(tok);
  if (!chat.render) return asParsed('plain');
  const m = pair.messages;
  try {
    const s = splitConversation(chat.render, m.prompt, m.chosen, m.rejected);
    const problem = s.problem ? { problem: s.problem, templatePrompt: s.templatePrompt } : {};
    return { prompt: s.prompt, chosen: s.chosen, rejected: s.rejected, template: 'model', ...problem };
  } catch (e) {
    return asParsed('plain', `${(e as Error).message}; the plain template is used for this pair`);
  }
}

export interface ChatTemplateReport {
  /** Where the model's template came from; null when the model has none that can be used. */
  source: 'chat_template.jinja' | 'tokenizer_config.json' | null;
  /** Pairs rendered with the model's template, with the plain one, and text pairs (no template involved). */
  model: number;
  plain: number;
  text: number;
  /** Why the model's template is not used at all (no template, unparsable, no "default" in a list). */
  reason?: string;
  problemCount: number;
  /** The first problems, in pair order. */
  problems: { index: number; source: { file: string; line: number }; message: string }[];
  /** One line for the data report. */
  note: string;
}

const MAX_PROBLEMS = 20;

/** Every pair rendered for the model, and what the data report says about it. */
export function renderPairsForModel(pairs: PreferencePair[], tok: StudioTokenizer): { pairs: RenderedPair[]; report: ChatTemplateReport } {
  const out = pairs.map((p) => renderPairForModel(p, tok));
  const chat = modelChat(tok);
  const report: ChatTemplateReport = {
    source: chat.render ? chat.source : null,
    model: 0,
    plain: 0,
    text: 0,
    ...(chat.render ? {} : { reason: chat.reason }),
    problemCount: 0,
    problems: [],
    note: '',
  };
  out.forEach((r, index) => {
    if (r.template === 'model') report.model++;
    else if (r.template === 'plain') report.plain++;
    else report.text++;
    if (r.problem) {
      report.problemCount++;
      if (report.problems.length < MAX_PROBLEMS) report.problems.push({ index, source: pairs[index].source, message: r.problem });
    }
  });
  report.note = templateNote(report);
  return { pairs: out, report };
}

function templateNote(r: ChatTemplateReport): string {
  const chats = r.model + r.plain;
  if (chats === 0) return 'text pairs only: no chat template is used';
  const parts: string[] = [];
  if (r.model) parts.push(`${r.model} chat pair${r.model === 1 ? '' : 's'} rendered with the model's chat template (${r.source})`);
  if (r.plain) {
    const why = r.source === null ? ` because ${r.reason}` : ' (the model template failed on them)';
    parts.push(`${r.plain} with the plain template (<|role|>\\n…)${why}`);
  }
  if (r.problemCount) parts.push(`${r.problemCount} with a problem`);
  return parts.join('; ');
}

