// Chat templates: real Qwen2.5, Qwen3 and Llama 3.2 templates against their documented output, TRL's prompt/completion
// split, and rendering parsed pairs again for a loaded model.
import { describe, expect, test } from 'vitest';
import { parsePreferences } from '../data/parse';
import { jsonl } from '../data/testdata/fixtures';
import { plainChatTemplate } from '../data/chat';
import type { ChatMessage, PreferencePair } from '../data/types';
import { StudioError } from '../errors';
import { applyChatTemplate, compileChatTemplate, renderPairForModel, renderPairsForModel, strftimeNow } from './chatTemplate';
import { loadTokenizer, type StudioTokenizer } from './tokenizer';
import { tinyTokenizerJson } from './testdata/fixtures';
import { realTokenizer } from './testdata/realTokenizers';

const sys = (content: string): ChatMessage => ({ role: 'system', content });
const user = (content: string): ChatMessage => ({ role: 'user', content });
const bot = (content: string): ChatMessage => ({ role: 'assistant', content });

// Llama 3.x templates write today's date; fixed here so the expected strings are exact.
const FIXED_DAY = { strftime_now: () => '01 Jan 2025' };
const renderer = (tok: StudioTokenizer) => compileChatTemplate(tok.chatTemplate!, { specialTokens: tok.specialTokens, context: FIXED_DAY });

// Qwen's documented ChatML format: <|im_start|>{role}\n{content}<|im_end|>\n per turn, <|im_start|>assistant\n to reply.
const im = (role: string, content: string) => `<|im_start|>${role}\n${content}<|im_end|>\n`;
// Llama 3's documented format: <|begin_of_text|>, then <|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|> per turn.
const hdr = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
const turn = (role: string, content: string) => `${hdr(role)}${content}<|eot_id|>`;
// Llama 3.1/3.2 templates always open with a system turn carrying the knowledge cutoff and today's date.
const llamaSystem = (extra = '') => turn('system', `Cutting Knowledge Date: December 2023\nToday Date: 01 Jan 2025\n\n${extra}`);

const multiTurn = [sys('Answer in one word.'), user('Capital of France?'), bot('Paris.'), user('And of Italy?')];

describe('Qwen2.5 chat template (Qwen/Qwen2.5-1.5B-Instruct tokenizer_config.json)', () => {
  const tok = realTokenizer('qwen2_5');
  const render = renderer(tok);
  test('a system and a user turn with the generation prompt', () => {
    expect(render([sys('Be brief.'), user('Hi')], true)).toBe(im('system', 'Be brief.') + im('user', 'Hi') + '<|im_start|>assistant\n');
  });
  test("no system turn: the template's own default system prompt", () => {
    expect(render([user('Hi')], true)).toBe(
      im('system', 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.') + im('user', 'Hi') + '<|im_start|>assistant\n',
    );
  });
  test('a full conversation ends with the reply and <|im_end|>\\n, no generation prompt', () => {
    expect(render([user('Hi'), bot('Hello!')], false)).toContain(im('user', 'Hi') + im('assistant', 'Hello!'));
    expect(render([user('Hi'), bot('Hello!')], false).endsWith('<|im_start|>assistant\n')).toBe(false);
  });
  test('TRL split of a multi-turn pair with a system message', () => {
    const pair = renderPairForModel(chatPair(multiTurn, [bot('Rome.')], [bot('Milan, I think.')]), tok);
    expect(pair).toEqual({
      prompt: im('system', 'Answer in one word.') + im('user', 'Capital of France?') + im('assistant', 'Paris.') + im('user', 'And of Italy?') + '<|im_start|>assistant\n',
      chosen: 'Rome.<|im_end|>\n',
      rejected: 'Milan, I think.<|im_end|>\n',
      template: 'model',
    });
  });
});

describe('Qwen3 chat template (Qwen/Qwen3-4B): the final reply gets an empty think block', () => {
  const tok = realTokenizer('qwen3');
  test('prompt and completions as TRL splits them', () => {
    const pair = renderPairForModel(chatPair(multiTurn, [bot('Rome.')], [bot('Milan.')]), tok);
    expect(pair.prompt).toBe(im('system', 'Answer in one word.') + im('user', 'Capital of France?') + im('assistant', 'Paris.') + im('user', 'And of Italy?') + '<|im_start|>assistant\n');
    expect(pair.chosen).toBe('<think>\n\n</think>\n\nRome.<|im_end|>\n');
    expect(pair.rejected).toBe('<think>\n\n</think>\n\nMilan.<|im_end|>\n');
    expect(pair.problem).toBeUndefined();
  });
});

describe('Llama 3.2 chat template (Llama-3.2 tokenizer_config.json)', () => {
  const tok = realTokenizer('llama3_2');
  const render = renderer(tok);
  test('a user turn with the generation prompt: <|begin_of_text|>, the dated system turn, user, assistant header', () => {
    expect(render([user('Hi')], true)).toBe('<|begin_of_text|>' + llamaSystem() + turn('user', 'Hi') + hdr('assistant'));
  });
  test('a full conversation ends with <|eot_id|>', () => {
    expect(render([user('Hi'), bot('Hello!')], false)).toBe('<|begin_of_text|>' + llamaSystem() + turn('user', 'Hi') + turn('assistant', 'Hello!'));
  });
  test('TRL split of a multi-turn pair with a system message (the system text joins the dated system turn)', () => {
    const split = renderPairForModel(chatPair(multiTurn, [bot('Rome.')], [bot('Milan.')]), tok);
    // Today's date in the real rendering; the fixed-day rendering must equal it with the date swapped in.
    const today = strftimeNow('%d %b %Y');
    expect(split.prompt).toBe(
      ('<|begin_of_text|>' + llamaSystem('Answer in one word.') + turn('user', 'Capital of France?') + turn('assistant', 'Paris.') + turn('user', 'And of Italy?') + hdr('assistant')).replace('01 Jan 2025', today),
    );
    expect([split.chosen, split.rejected, split.template]).toEqual(['Rome.<|eot_id|>', 'Milan.<|eot_id|>', 'model']);
  });
  test('strftime_now writes English month names like Python in the C locale', () => {
    expect(strftimeNow('%d %b %Y', new Date(2024, 6, 26))).toBe('26 Jul 2024');
    expect(strftimeNow('%B %m %%', new Date(2024, 0, 5))).toBe('January 01 %');
  });
});

describe('TRL split and fallbacks', () => {
  const tiny = (cfg: Record<string, unknown> = {}) => loadTokenizer(tinyTokenizerJson(), { eos_token: '<|endoftext|>', ...cfg });

  test('a model without a chat template keeps the plain-template text; text pairs pass through', async () => {
    const tok = tiny();
    const pairs = await parse(
      { prompt: [user('Hi')], chosen: [bot('Hello')], rejected: [bot('Go')] },
      { prompt: 'plain text', chosen: ' a', rejected: ' b' },
    );
    const { pairs: out, report } = renderPairsForModel(pairs, tok);
    expect(out[0]).toEqual({ prompt: '<|user|>\nHi\n<|assistant|>\n', chosen: 'Hello\n', rejected: 'Go\n', template: 'plain' });
    expect(out[1]).toEqual({ prompt: 'plain text', chosen: ' a', rejected: ' b', template: 'none' });
    expect(report).toMatchObject({ source: null, model: 0, plain: 1, text: 1, problemCount: 0, reason: 'the model has no chat_template' });
    expect(report.note).toBe('1 with the plain template (<|role|>\\n…) because the model has no chat_template');
  });

  test("conversational rows parsed before any model re-render with the model's template", async () => {
    const chatml = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    const tok = tiny({ chat_template: chatml });
    // UltraFeedback shape: the user turn repeated in chosen and rejected is the prompt.
    const pairs = await parse({ chosen: [user('Hi'), bot('Hello')], rejected: [user('Hi'), bot('Go away')] });
    expect(pairs[0].messages).toEqual({ prompt: [user('Hi')], chosen: [bot('Hello')], rejected: [bot('Go away')] });
    const { pairs: out, report } = renderPairsForModel(pairs, tok);
    expect(out[0]).toEqual({ prompt: '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n', chosen: 'Hello<|im_end|>\n', rejected: 'Go away<|im_end|>\n', template: 'model' });
    expect(report).toMatchObject({ source: 'tokenizer_config.json', model: 1, plain: 0, text: 0 });
    expect(report.note).toBe("1 chat pair rendered with the model's chat template (tokenizer_config.json)");
  });

  test('a system column on a text row: the turns render with the model template, the reply as an assistant turn', async () => {
    const tok = tiny({ chat_template: "{% for m in messages %}[{{ m.role }}]{{ m.content }}{% if m.role == 'assistant' %}{{ eos_token }}{% endif %}{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}" });
    const pairs = await parse({ system: 'Be brief.', question: '2+2?', chosen: '4', rejected: '5' });
    expect(pairs[0].prompt).toBe('<|system|>\nBe brief.\n<|user|>\n2+2?\n<|assistant|>\n');
    expect(renderPairForModel(pairs[0], tok)).toEqual({ prompt: '[system]Be brief.[user]2+2?[assistant]', chosen: '4<|endoftext|>', rejected: '5<|endoftext|>', template: 'model' });
  });

  test('a full conversation that does not start with the prompt is a problem for that pair', () => {
    // The generation prompt differs from the header the template writes before a reply.
    const tok = tiny({ chat_template: '{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<reply>{% endif %}' });
    const { pairs: out, report } = renderPairsForModel([chatPair([user('Hi')], [bot('Hello')], [bot('Hey')])], tok);
    expect(out[0]).toMatchObject({ prompt: '<user>Hi<assistant>He', chosen: 'llo', rejected: 'y', template: 'model' });
    expect(out[0].problem).toMatch(/rendered chosen and rejected conversation does not start with the rendered prompt/);
    expect(report.problemCount).toBe(1);
    expect(report.problems[0]).toMatchObject({ index: 0, source: { file: 't.jsonl', line: 1 } });
    expect(report.note).toMatch(/1 with a problem/);
  });

  test('a template that raises for a pair: that pair keeps the plain text, with the reason', () => {
    const tok = tiny({ chat_template: "{% if messages[0].role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for m in messages %}{{ m.content }}{% endfor %}" });
    const { pairs: out, report } = renderPairsForModel([chatPair([sys('S'), user('Hi')], [bot('A')], [bot('B')]), chatPair([user('Hi')], [bot('A')], [bot('B')])], tok);
    expect(out[0]).toMatchObject({ template: 'plain', prompt: plainChatTemplate([sys('S'), user('Hi')], true) });
    expect(out[0].problem).toMatch(/System role not supported; the plain template is used for this pair/);
    expect(out[1]).toMatchObject({ template: 'model', prompt: 'Hi', chosen: 'A', rejected: 'B' });
    expect(report).toMatchObject({ model: 1, plain: 1, problemCount: 1 });
  });

  test('an unparsable template: every chat pair is plain, and the report says why', () => {
    const tok = tiny({ chat_template: '{% for m in messages %}{{ m.content }' });
    const { report } = renderPairsForModel([chatPair([user('Hi')], [bot('A')], [bot('B')])], tok);
    expect(report.source).toBeNull();
    expect(report.reason).toMatch(/^tokenizer_config\.json: chat_template: cannot parse the template/);
    expect(() => applyChatTemplate(tok, [user('Hi')])).toThrow(StudioError);
  });

  test('special tokens and the generation prompt reach the template', () => {
    const render = compileChatTemplate('{{ bos_token }}{{ messages | length }}{% if add_generation_prompt %}{{ eos_token }}{% endif %}', {
      specialTokens: { bos_token: '<s>', eos_token: '</s>' },
    });
    expect([render([user('a'), bot('b')], true), render([user('a')], false)]).toEqual(['<s>2</s>', '<s>1']);
  });
});

/** A chat pair as the parser leaves it: plain-template text plus the messages. */
function chatPair(prompt: ChatMessage[], chosen: ChatMessage[], rejected: ChatMessage[]): PreferencePair {
  const p = plainChatTemplate(prompt, true);
  const completion = (c: ChatMessage[]) => plainChatTemplate([...prompt, ...c], false).slice(p.length);
  return { prompt: p, chosen: completion(chosen), rejected: completion(rejected), source: { file: 't.jsonl', line: 1 }, messages: { prompt, chosen, rejected } };
}

async function parse(...rows: unknown[]): Promise<PreferencePair[]> {
  const { pairs } = await parsePreferences(jsonl(...rows), { file: 't.jsonl' });
  return pairs;
}
