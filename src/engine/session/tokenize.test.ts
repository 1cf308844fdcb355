// Text pairs → ids with TRL's BOS/EOS conventions, on the built-in GPT-2 model and real GPT-2, Llama 3.2, Qwen2.5, Mistral files.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { renderPairForModel } from '../model/chatTemplate';
import { realTokenizer } from '../model/testdata/realTokenizers';
import { loadTokenizer } from '../model/tokenizer';
import type { PreferencePair } from '../data/types';
import type { HostFolder } from '../model/hfFolder';
import { buildDataReport } from './dataReport';
import type { LoadedData } from './loadData';
import { renderAndTokenize, tokenizeForModel, tokenizeTextPair as trlTokens, trlText } from './tokenize';

const tokenizeTextPair = (...a: Parameters<typeof trlTokens>) => trlTokens(...a).ids;

const chat: PreferencePair = {
  prompt: '<|user|>\nHi\n<|assistant|>\n',
  chosen: 'Hello\n',
  rejected: 'Go\n',
  source: { file: 't.jsonl', line: 1 },
  messages: { prompt: [{ role: 'user', content: 'Hi' }], chosen: [{ role: 'assistant', content: 'Hello' }], rejected: [{ role: 'assistant', content: 'Go' }] },
};

describe('tokenizeTextPair', () => {
  test('built-in GPT-2 model: no BOS (its post-processor adds none), EOS appended, exactly as before', () => {
    const dir = new URL('../../../public/models/default/', import.meta.url);
    const read = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));
    const tok = loadTokenizer(read('tokenizer.json'), read('tokenizer_config.json'), 'tokenizer.json', { modelConfig: read('config.json') });
    expect([tok.bosPrefix, tok.eosId, tok.padId]).toEqual([[], 1, 0]);
    const p = { prompt: 'Question: 12 + 7 =', chosen: ' 19', rejected: ' 18' };
    expect(tokenizeTextPair(tok, p)).toEqual({ prompt: tok.encode(p.prompt), chosen: [...tok.encode(p.chosen), 1], rejected: [...tok.encode(p.rejected), 1] });
    // Without tokenizer_config.json (the browser fetches only tokenizer.json) EOS comes from config.json: the same id.
    expect(loadTokenizer(read('tokenizer.json'), undefined, 'tokenizer.json', { modelConfig: read('config.json') })).toMatchObject({ eosId: 1, eosSource: 'config.json' });
  });

  test('Llama 3.2: a text prompt gets <|begin_of_text|>; a template-rendered one keeps its single BOS; EOS not doubled', () => {
    const tok = realTokenizer('llama3_2');
    const text = tokenizeTextPair(tok, { prompt: 'Q: 2+2?', chosen: ' 4', rejected: ' 5' });
    expect(text.prompt).toEqual([128000, ...tok.encode('Q: 2+2?')]);
    expect(text.chosen).toEqual([...tok.encode(' 4'), 128009]);
    const rendered = renderPairForModel(chat, tok);
    expect(rendered.template).toBe('model');
    const ids = tokenizeTextPair(tok, trlText(rendered));
    expect(ids.prompt.slice(0, 2)).toEqual([128000, 128006]); // <|begin_of_text|><|start_header_id|>
    expect(ids.prompt.filter((id) => id === 128000)).toHaveLength(1);
    // The template ends the reply with <|eot_id|>, which is this model's EOS: it is not appended again.
    expect(ids.chosen).toEqual(tok.encode('Hello<|eot_id|>'));
    expect(ids.chosen.at(-1)).toBe(128009);
  });

  test('Qwen2.5: no BOS; the completion is the template text alone: TRL appends no EOS to conversational pairs', () => {
    const tok = realTokenizer('qwen2_5');
    const ids = tokenizeTextPair(tok, trlText(renderPairForModel(chat, tok)));
    expect(ids.prompt[0]).toBe(tok.encode('<|im_start|>')[0]);
    expect(ids.chosen).toEqual(tok.encode('Hello<|im_end|>\n'));
    expect(ids.chosen.filter((id) => id === 151645)).toHaveLength(1);
    // The same text as a text pair (no template) does get EOS appended, as TRL does for non-conversational rows.
    expect(tokenizeTextPair(tok, { prompt: 'Hi', chosen: ' Hello', rejected: ' Go' }).chosen).toEqual([...tok.encode(' Hello'), 151645]);
  });

  test('GPT-2: "Answer: " + "17" merges into " 17" across the boundary; TRL keeps joint[len(prompt):], so only EOS is scored', () => {
    const tok = realTokenizer('gpt2');
    const out = trlTokens(tok, { prompt: 'Answer: ', chosen: '17', rejected: ' 18' });
    // Answer, ":", " " alone; jointly Answer, ":", " 17", EOS: the prompt's 3 ids are not a prefix of the joint ids.
    expect(out.ids.prompt).toEqual([33706, 25, 220]);
    expect(tok.encode('Answer: 17<|endoftext|>', { addSpecialTokens: true })).toEqual([33706, 25, 1596, 50256]);
    expect(out.ids.chosen).toEqual([50256]);
    expect(out.merges).toEqual([{ side: 'chosen', token: ' 17' }]);
    // The rejected side, with the space moved into the completion, does not merge and keeps every token.
    expect(out.ids.rejected).toEqual([...tok.encode(' 18'), 50256]);
  });

  test('Mistral v1: <s> starts the prompt, </s> ends each completion once, the completion tokenised after the prompt', () => {
    const tok = realTokenizer('llama2');
    const ids = tokenizeTextPair(tok, { prompt: '[INST] Hi [/INST]', chosen: 'Hello', rejected: 'Bye</s>' });
    expect(ids.prompt).toEqual([1, ...tok.encode('[INST] Hi [/INST]')]);
    // Jointly "Hello" follows "]" with no word boundary: 16230, where alone (a new word, "▁Hello") it is 22557.
    expect(ids.chosen).toEqual([16230, 2]);
    expect(tok.encode('Hello')).toEqual([22557]);
    expect(ids.rejected.at(-1)).toBe(2);
    expect(ids.rejected.filter((id) => id === 2)).toHaveLength(1);
  });
});

describe('tokenizeForModel: the session\'s one tokenisation step renders chat pairs with the model template first', () => {
  test('Qwen2.5: the chat pair in ChatML, the text pair as it is; the report counts both', () => {
    const tok = realTokenizer('qwen2_5');
    const host = { tokenizer: tok } as HostFolder;
    const text: PreferencePair = { prompt: 'Q: 2+2?', chosen: ' 4', rejected: ' 5', source: { file: 't.jsonl', line: 2 } };
    const out = renderAndTokenize(host, [chat, text]);
    expect(out.rendered.map((r) => r.template)).toEqual(['model', 'none']);
    expect(out.rendered[0].chosen).toBe('Hello<|im_end|>\n');
    expect(out.tokens).toEqual([tokenizeTextPair(tok, trlText(out.rendered[0])), tokenizeTextPair(tok, text)]);
    expect(out.boundaryMerges).toEqual({ count: 0, rows: [], message: '' });
    expect(tokenizeForModel(host, [chat, text])).toEqual(out.tokens);
    expect(out.chatTemplate).toMatchObject({ source: 'tokenizer_config.json', model: 1, plain: 0, text: 1, problemCount: 0 });
  });
});

test('the data report previews the text the model is trained on and says which template rendered it', () => {
  const tok = realTokenizer('qwen2_5');
  const data = { name: 't.jsonl', pairs: [chat], heldOut: [], parse: { name: 't.jsonl', kept: 1, skipped: 0, skippedByReason: {}, problems: [], columns: [], detectedShape: 'conversational' } } as LoadedData;
  const model = renderAndTokenize({ tokenizer: tok } as HostFolder, data.pairs);
  const report = buildDataReport(data, 512, { pairs: model });
  expect(report.preview[0]).toMatchObject({ chosen: 'Hello<|im_end|>\n', lenC: model.tokens[0].chosen.length });
  expect(report.chatTemplate?.note).toBe("1 chat pair rendered with the model's chat template (tokenizer_config.json)");
  // Without the rendered pairs (no model yet) the preview is the parsed plain-template text.
  expect(buildDataReport(data, 512).preview[0].chosen).toBe('Hello\n');
});

describe('the data report names boundary merges and the pairs keep_start drops', () => {
  const tok = realTokenizer('gpt2');
  const pair = (prompt: string, chosen: string, rejected: string, line: number): PreferencePair => ({ prompt, chosen, rejected, source: { file: 'p.jsonl', line } });
  const pairs = [
    pair('Q: 1 + 1 =', ' 2', ' 3', 1),
    pair('Answer: ', '17', '18', 2),
    pair('one two three four five six seven eight nine ten', ' x', ' y', 3),
    pair('Answer: ', ' 17', ' 18', 4),
  ];
  const data = { name: 'p.jsonl', pairs, heldOut: [], parse: { name: 'p.jsonl', kept: 4, skipped: 0, skippedByReason: {}, problems: [], columns: [], detectedShape: 'prompt' } } as LoadedData;
  const model = renderAndTokenize({ tokenizer: tok } as HostFolder, pairs);

  test('row 2 merges " 17" and " 18"; moving the space into the completion (row 4) does not', () => {
    const b = model.boundaryMerges;
    expect(b.count).toBe(1);
    expect(b.rows).toEqual([{ index: 1, source: { file: 'p.jsonl', line: 2 }, sides: ['chosen', 'rejected'], token: ' 17' }]);
    expect(b.message).toContain('p.jsonl line 2 (chosen and rejected: " 17")');
    expect(b.message).toMatch(/first token is lost.*move\s+the space from the end of the prompt to the start of the completion/s);
  });

  test('keep_start at max length 10: the 10-token prompt is dropped with its row and reason; keep_prompt_tail truncates it', () => {
    expect(model.tokens[2].prompt).toHaveLength(10);
    const ks = buildDataReport(data, 10, { pairs: model }, 'keep_start');
    expect(ks.dropped).toEqual({ count: 1, rows: [{ index: 2, source: { file: 'p.jsonl', line: 3 }, reason: 'the prompt alone has 10 tokens, filling max length 10' }] });
    expect([ks.truncation, ks.truncated, ks.boundaryMerges?.count]).toEqual(['keep_start', 0, 1]);
    const kpt = buildDataReport(data, 10, { pairs: model }, 'keep_prompt_tail');
    expect([kpt.dropped, kpt.truncated]).toEqual([{ count: 0, rows: [] }, 1]);
  });
});
