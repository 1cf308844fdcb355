// Real tokenizer.json files of the supported families against ids published by independent sources (testdata/publishedIds.ts
// cites each), plus how BOS, EOS and pad are resolved.
import { describe, expect, test } from 'vitest';
import { loadTokenizer, probeBosPrefix, specialTokensSummary } from './tokenizer';
import { LLAMA3_IDS, MISTRAL_CHAT, MISTRAL_IDS, QWEN_IDS, type PublishedCase } from './testdata/publishedIds';
import { realTokenizer, realTokenizerConfig } from './testdata/realTokenizers';
import { tinyTokenizerJson } from './testdata/fixtures';

// What the published cases cover, so a trimmed list cannot silently drop a kind of text.
const covers = (cases: PublishedCase[], kinds: [string, RegExp][]) => {
  for (const [kind, re] of kinds) expect(cases.some(([, text]) => re.test(text)), kind).toBe(true);
};
const KINDS: [string, RegExp][] = [
  ['numbers', /\d{3}/],
  ['a run of spaces', / {2,}/],
  ['newlines', /\n/],
  ['tabs', /\t/],
  ['CJK', /[\u4e00-\u9fff]/],
  ['emoji', /\p{Extended_Pictographic}/u],
];

describe('Qwen2.5 (byte-level BPE, no BOS): Qwen/Qwen2.5-1.5B-Instruct tokenizer.json', () => {
  const tok = realTokenizer('qwen2_5');
  test('published cases cover numbers, runs of spaces, newlines, tabs, CJK and emoji', () => covers(QWEN_IDS, KINDS));
  test.each(QWEN_IDS)('published ids: %s', (_name, text, ids) => {
    expect(tok.encode(text, { addSpecialTokens: true })).toEqual(ids);
    expect(tok.encode(text)).toEqual(ids);
  });
  test('no BOS; EOS <|im_end|> from tokenizer_config.json; pad <|endoftext|>; chat template from tokenizer_config.json', () => {
    expect(tok.bosPrefix).toEqual([]);
    expect(tok.bosId).toBeUndefined();
    expect([tok.eosId, tok.tokenToString(tok.eosId!), tok.eosSource]).toEqual([151645, '<|im_end|>', 'tokenizer_config.json']);
    expect([tok.padId, tok.tokenToString(tok.padId), tok.padSource]).toEqual([151643, '<|endoftext|>', 'pad_token']);
    expect(tok.chatTemplateSource).toBe('tokenizer_config.json');
    expect(tok.chatTemplate).toContain('<|im_start|>');
    expect(tok.specialTokens).toEqual({ eos_token: '<|im_end|>', pad_token: '<|endoftext|>' });
  });
});

describe('Qwen3 (same BPE, its own added tokens): Qwen/Qwen3-4B tokenizer.json', () => {
  const tok = realTokenizer('qwen3');
  test.each(QWEN_IDS)('published Qwen ids: %s', (_name, text, ids) => {
    expect(tok.encode(text, { addSpecialTokens: true })).toEqual(ids);
  });
  test('no BOS; EOS <|im_end|>; <think> is one token', () => {
    expect(tok.bosPrefix).toEqual([]);
    expect(tok.tokenToString(tok.eosId!)).toBe('<|im_end|>');
    expect(tok.encode('<think>\n\n</think>').length).toBe(3);
  });
});

describe('Llama 3.2 (byte-level BPE; the post-processor adds <|begin_of_text|>): Llama-3.2 tokenizer.json', () => {
  const tok = realTokenizer('llama3_2');
  test('published cases cover numbers, runs of spaces, newlines, tabs, CJK and emoji', () => covers(LLAMA3_IDS, KINDS));
  test.each(LLAMA3_IDS)('published ids: %s', (_name, text, ids) => {
    expect(tok.encode(text, { addSpecialTokens: true })).toEqual(ids);
    // Encoded apart (as prompts and completions are), the post-processor's BOS is left off; bosPrefix puts it back.
    expect(tok.bosPrefix.concat(tok.encode(text))).toEqual(ids);
  });
  test('BOS prefix [128000] found from the post-processor; EOS <|eot_id|>; no pad token: pad = EOS', () => {
    expect(tok.bosPrefix).toEqual([128000]);
    expect([tok.bosId, tok.tokenToString(128000)]).toEqual([128000, '<|begin_of_text|>']);
    expect([tok.eosId, tok.tokenToString(tok.eosId!), tok.eosSource]).toEqual([128009, '<|eot_id|>', 'tokenizer_config.json']);
    expect([tok.padId, tok.padSource]).toEqual([128009, 'eos']);
    expect(tok.specialTokens).toMatchObject({ bos_token: '<|begin_of_text|>', eos_token: '<|eot_id|>' });
  });
  test('the model summary shows the BOS, EOS and pad tokens used (text and id) and the template file', () => {
    expect(specialTokensSummary(tok)).toEqual({
      bos: [{ id: 128000, text: '<|begin_of_text|>' }],
      eos: { id: 128009, text: '<|eot_id|>', source: 'tokenizer_config.json' },
      pad: { id: 128009, text: '<|eot_id|>', source: 'eos' },
      chatTemplate: 'tokenizer_config.json',
    });
  });
  test('EOS from generation_config.json (a list: the first) when tokenizer_config.json names none', () => {
    const { eos_token: _drop, ...cfg } = realTokenizerConfig('llama3_2');
    const t = realTokenizer('llama3_2', { generationConfig: { bos_token_id: 128000, eos_token_id: [128001, 128008, 128009] } }, cfg);
    expect([t.eosId, t.tokenToString(t.eosId!), t.eosSource]).toEqual([128001, '<|end_of_text|>', 'generation_config.json']);
    // The chat template's eos_token is then the resolved token's text.
    expect(t.specialTokens.eos_token).toBe('<|end_of_text|>');
  });
});

describe('Mistral v1 (SentencePiece-style BPE with byte fallback): Mixtral-8x22B-v0.1 tokenizer.json', () => {
  const tok = realTokenizer('llama2');
  test('published cases cover runs of spaces, newlines, tabs, CJK, emoji and numbers', () =>
    covers(MISTRAL_IDS, [['numbers', /\d{3}/], ['a run of spaces', / {2,}/], ['newlines', /\n/], ['tabs', /\t/], ['CJK', /镇/], ['emoji', /🦙/]]));
  test.each(MISTRAL_IDS)('published ids: %s', (_name, text, ids) => {
    expect(tok.encode(text, { addSpecialTokens: true })).toEqual(ids);
    expect(tok.bosPrefix.concat(tok.encode(text))).toEqual(ids);
  });
  test('byte fallback: a newline is <0x0A>, the llama emoji four byte tokens', () => {
    expect(tok.encode('\n').map((id) => tok.tokenToString(id))).toEqual(['▁', '<0x0A>']);
    expect(tok.encode('🦙').map((id) => tok.tokenToString(id))).toEqual(['▁', '<0xF0>', '<0x9F>', '<0xA6>', '<0x99>']);
    expect(tok.decode(tok.encode('🦙 tabs\there'))).toBe('🦙 tabs\there');
  });
  test('the Mistral chat template text tokenises to the published ids (its <s> and </s> are special tokens in the text)', () => {
    expect(tok.encode(MISTRAL_CHAT.text)).toEqual(MISTRAL_CHAT.ids);
  });
  test('BOS prefix [1] = <s>; EOS </s> from tokenizer_config.json; pad = EOS; no chat template', () => {
    expect(tok.bosPrefix).toEqual([1]);
    expect([tok.bosId, tok.eosId, tok.eosSource, tok.padId, tok.padSource]).toEqual([1, 2, 'tokenizer_config.json', 2, 'eos']);
    expect(tok.chatTemplate).toBeUndefined();
  });
});

describe('EOS, BOS and pad resolution', () => {
  // Ids of the tiny tokenizer: a..z = 0..25, <|endoftext|> = 29.
  const json = tinyTokenizerJson();
  test('EOS: tokenizer_config.json, else generation_config.json (first of a list), else config.json, else a known name', () => {
    const gen = { eos_token_id: [5, 29] };
    const model = { eos_token_id: 7 };
    const at = (cfg: unknown, extras = {}) => {
      const t = loadTokenizer(json, cfg, 'tokenizer.json', extras);
      return [t.eosId, t.eosSource];
    };
    expect(at({ eos_token: 'c' }, { generationConfig: gen, modelConfig: model })).toEqual([2, 'tokenizer_config.json']);
    expect(at({ eos_token: { content: 'd', special: true } })).toEqual([3, 'tokenizer_config.json']);
    expect(at({}, { generationConfig: gen, modelConfig: model })).toEqual([5, 'generation_config.json']);
    expect(at({}, { generationConfig: { eos_token_id: 6 }, modelConfig: model })).toEqual([6, 'generation_config.json']);
    expect(at({}, { generationConfig: {}, modelConfig: model })).toEqual([7, 'config.json']);
    expect(at({}, { modelConfig: { eos_token_id: [8, 9] } })).toEqual([8, 'config.json']);
    // An id the tokenizer does not have is passed over.
    expect(at({}, { generationConfig: { eos_token_id: 999 }, modelConfig: model })).toEqual([7, 'config.json']);
    expect(at(undefined)).toEqual([29, 'token name']);
    expect(at({}, { specialTokensMap: { eos_token: 'e' } })).toEqual([4, 'special_tokens_map.json']);
  });

  test('pad: pad_token, else EOS, else 0', () => {
    const t = loadTokenizer(json, { pad_token: 'b', eos_token: 'c' });
    expect([t.padId, t.padSource]).toEqual([1, 'pad_token']);
    const u = loadTokenizer(json, {}, 'tokenizer.json', { modelConfig: { eos_token_id: 7 } });
    expect([u.padId, u.padSource]).toEqual([7, 'eos']);
    const noEos = { ...json, added_tokens: [] };
    const v = loadTokenizer(noEos, {});
    expect([v.eosId, v.padId, v.padSource]).toEqual([undefined, 0, 'none']);
  });

  test('BOS prefix: what a TemplateProcessing post-processor adds in front (a trailing EOS is not part of it)', () => {
    const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
    const post = (single: unknown[]) => ({
      type: 'TemplateProcessing',
      single,
      pair: single,
      special_tokens: { '<|endoftext|>': { id: '<|endoftext|>', ids: [29], tokens: ['<|endoftext|>'] } },
    });
    const seq = { Sequence: { id: 'A', type_id: 0 } };
    expect(loadTokenizer({ ...json, post_processor: post([special('<|endoftext|>'), seq]) }).bosPrefix).toEqual([29]);
    expect(loadTokenizer({ ...json, post_processor: post([seq, special('<|endoftext|>')]) }).bosPrefix).toEqual([]);
    expect(loadTokenizer(json).bosPrefix).toEqual([]);
    expect(probeBosPrefix((t, add) => (add ? [7, 8, ...[...t].map((c) => c.charCodeAt(0)), 9] : [...t].map((c) => c.charCodeAt(0))))).toEqual([7, 8]);
  });

  test('chat_template: a string, a list of named templates ("default"), or chat_template.jinja (which wins)', () => {
    expect(loadTokenizer(json, { chat_template: 'A' }).chatTemplate).toBe('A');
    const list = { chat_template: [{ name: 'tool_use', template: 'T' }, { name: 'default', template: 'D' }] };
    expect(loadTokenizer(json, list).chatTemplate).toBe('D');
    const noDefault = loadTokenizer(json, { chat_template: [{ name: 'rag', template: 'R' }] });
    expect(noDefault.chatTemplate).toBeUndefined();
    expect(noDefault.chatTemplateNote).toMatch(/no "default" entry \(rag\)/);
    const jinja = loadTokenizer(json, { chat_template: 'A' }, 'tokenizer.json', { chatTemplateJinja: new TextEncoder().encode('J') });
    expect([jinja.chatTemplate, jinja.chatTemplateSource, jinja.chatTemplateJinja]).toEqual(['J', 'chat_template.jinja', 'J']);
  });
});
